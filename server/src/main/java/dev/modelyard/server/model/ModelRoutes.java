package dev.modelyard.server.model;

import static dev.modelyard.server.http.ApiCall.required;
import static java.util.Objects.requireNonNull;

import dev.modelyard.api.CreateModelRequest;
import dev.modelyard.api.ListModelVersionsResponse;
import dev.modelyard.api.ListModelsResponse;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Page;
import dev.modelyard.core.model.Model;
import dev.modelyard.core.model.ModelService;
import dev.modelyard.core.model.ModelService.Artifact;
import dev.modelyard.core.model.ModelVersion;
import dev.modelyard.core.user.Principal;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.ResponseOutputStream;
import dev.modelyard.server.http.Uploads;
import dev.modelyard.server.http.WireMapping;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.util.Map;

/** Models and model versions under {@code /api/v1/projects/{project}/models}. */
public final class ModelRoutes {
    private static final String MODELS = "/api/v1/projects/{project}/models";
    private static final String VERSIONS = MODELS + "/{model}/versions";
    private final ModelService models;
    private final Uploads uploads;

    public ModelRoutes(ModelService models, Uploads uploads) {
        this.models = requireNonNull(models, "models is null");
        this.uploads = requireNonNull(uploads, "uploads is null");
    }

    public void register(Endpoints endpoints) {
        endpoints.json(HttpMethod.POST, MODELS, 201, call -> {
            CreateModelRequest request = call.body(CreateModelRequest.class);
            String project = call.path("project");
            Model model = models.createModel(
                    call.principal(), project, required(request.name(), "name"), request.description());
            return WireMapping.model(project, model);
        });
        endpoints.json(HttpMethod.GET, MODELS, 200, call -> {
            String project = call.path("project");
            Page<Model> page = models.listModels(call.principal(), project, call.page());
            return new ListModelsResponse(
                    page.items().stream()
                            .map(model -> WireMapping.model(project, model))
                            .toList(),
                    page.nextPageToken().orElse(null));
        });
        endpoints.json(HttpMethod.GET, MODELS + "/{model}", 200, call -> {
            String project = call.path("project");
            return WireMapping.model(project, models.getModel(call.principal(), project, call.path("model")));
        });
        endpoints.json(HttpMethod.DELETE, MODELS + "/{model}", 204, call -> {
            models.deleteModel(call.principal(), call.path("project"), call.path("model"));
            return null;
        });

        endpoints.raw(HttpMethod.POST, VERSIONS, context -> {
            String project = context.pathParam("project");
            String model = context.pathParam("model");
            uploads.handle(
                    context,
                    "upload the model as multipart/form-data with the file in part 'file' (and optionally part"
                            + " 'manifest'), for example: curl -F file=@model.onnx …",
                    principal -> models.requireUploadable(principal, project, model),
                    (principal, uploaded) -> WireMapping.modelVersion(
                            project, model, models.createVersion(principal, project, model, uploaded)));
        });
        endpoints.json(HttpMethod.GET, VERSIONS, 200, call -> {
            String project = call.path("project");
            String model = call.path("model");
            Page<ModelVersion> page = models.listVersions(call.principal(), project, model, call.page());
            return new ListModelVersionsResponse(
                    page.items().stream()
                            .map(version -> WireMapping.modelVersion(project, model, version))
                            .toList(),
                    page.nextPageToken().orElse(null));
        });
        endpoints.json(HttpMethod.GET, VERSIONS + "/{version}", 200, call -> {
            String project = call.path("project");
            String model = call.path("model");
            return WireMapping.modelVersion(
                    project, model, models.getVersion(call.principal(), project, model, call.intPath("version")));
        });
        endpoints.raw(HttpMethod.GET, VERSIONS + "/{version}/artifact", context -> download(endpoints, context));
    }

    /** Streams the artifact from a worker thread, one chunk at a time, waiting for each to be written. */
    private void download(Endpoints endpoints, RoutingContext context) {
        String project = context.pathParam("project");
        String model = context.pathParam("model");
        String versionText = context.pathParam("version");
        HttpServerResponse response = context.response();
        endpoints
                .blocking(() -> {
                    Principal principal = endpoints.authenticate(context.request());
                    int number = parseVersion(versionText);
                    Artifact artifact = models.openArtifact(principal, project, model, number);
                    try (InputStream content = artifact.content()) {
                        ModelVersion version = artifact.version();
                        String fileName = version.fileName().isBlank()
                                ? model + "-" + number + (version.format().equals("package") ? ".zip" : ".bin")
                                : version.fileName();
                        response.setStatusCode(200)
                                .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
                                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(version.sizeBytes()))
                                .putHeader(
                                        "Content-Disposition",
                                        "attachment; filename=\"" + fileName.replaceAll("[\"\\\\\\r\\n]", "_") + "\"")
                                .putHeader(HttpHeaders.ETAG, "\"" + version.digest() + "\"")
                                .putHeader("X-Checksum-Sha256", version.digest());
                        try (ResponseOutputStream out = new ResponseOutputStream(response)) {
                            content.transferTo(out);
                        }
                    }
                    return null;
                })
                .onFailure(failure -> endpoints.sendError(context, failure, false));
    }

    private static int parseVersion(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "version '" + text + "' is not a version number",
                    Map.of("parameter", "version"));
        }
    }
}

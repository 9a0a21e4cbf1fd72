package dev.modelyard.server.model;

import static dev.modelyard.server.http.ApiCall.required;
import static java.util.Objects.requireNonNull;

import dev.modelyard.api.CreateModelRequest;
import dev.modelyard.api.ListModelVersionsResponse;
import dev.modelyard.api.ListModelsResponse;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Page;
import dev.modelyard.core.blob.BlobStore;
import dev.modelyard.core.model.Model;
import dev.modelyard.core.model.ModelService;
import dev.modelyard.core.model.ModelService.Artifact;
import dev.modelyard.core.model.ModelVersion;
import dev.modelyard.core.user.Principal;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.MultipartReceiver;
import dev.modelyard.server.http.WireMapping;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Models and model versions under {@code /api/v1/projects/{project}/models}. */
public final class ModelRoutes {
    private static final String MODELS = "/api/v1/projects/{project}/models";
    private static final String VERSIONS = MODELS + "/{model}/versions";
    /** Room for the multipart headers and a manifest around the file itself. */
    private static final long MULTIPART_OVERHEAD_BYTES = MultipartReceiver.MAX_MANIFEST_BYTES + 64 * 1024;

    private static final int DOWNLOAD_CHUNK_BYTES = 256 * 1024;

    private final ModelService models;
    private final BlobStore blobs;
    private final MultipartReceiver receiver;
    private final long maxUploadBytes;

    public ModelRoutes(ModelService models, BlobStore blobs, MultipartReceiver receiver, long maxUploadBytes) {
        this.models = requireNonNull(models, "models is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.receiver = requireNonNull(receiver, "receiver is null");
        this.maxUploadBytes = maxUploadBytes;
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

        endpoints.raw(HttpMethod.POST, VERSIONS, context -> upload(endpoints, context));
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

    private record UploadStart(Principal principal, Path stagingFile) {}

    private void upload(Endpoints endpoints, RoutingContext context) {
        HttpServerRequest request = context.request();
        request.pause();
        String project = context.pathParam("project");
        String model = context.pathParam("model");
        try {
            MultipartReceiver.requireMultipart(request);
            requireDeclaredLengthWithinLimit(request);
        } catch (ModelyardException e) {
            endpoints.sendError(context, e, true);
            return;
        }
        endpoints
                .blocking(() -> {
                    Principal principal = endpoints.authenticate(request);
                    models.requireUploadable(principal, project, model);
                    return new UploadStart(principal, blobs.newStagingFile());
                })
                .onFailure(failure -> endpoints.sendError(context, failure, true))
                .onSuccess(start -> {
                    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                        context.response().writeContinue();
                    }
                    receiver.receive(request, start.stagingFile(), maxUploadBytes)
                            .onFailure(failure -> {
                                deleteStagingFile(endpoints, start.stagingFile());
                                endpoints.sendError(context, failure, true);
                            })
                            .onSuccess(uploaded -> endpoints
                                    .blocking(() -> endpoints.encode(WireMapping.modelVersion(
                                            project,
                                            model,
                                            models.createVersion(start.principal(), project, model, uploaded))))
                                    .onSuccess(json -> endpoints.sendJson(context.response(), 201, json))
                                    .onFailure(failure -> endpoints.sendError(context, failure, false)));
                });
    }

    private void requireDeclaredLengthWithinLimit(HttpServerRequest request) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return;
        }
        if (length > maxUploadBytes + MULTIPART_OVERHEAD_BYTES) {
            throw new ModelyardException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "the upload is " + length + " bytes; the limit is " + maxUploadBytes + " bytes",
                    Map.of("limit_bytes", maxUploadBytes, "content_length", length));
        }
    }

    private static void deleteStagingFile(Endpoints endpoints, Path stagingFile) {
        endpoints.blocking(() -> Files.deleteIfExists(stagingFile));
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
                        copy(content, response);
                    }
                    return null;
                })
                .onFailure(failure -> endpoints.sendError(context, failure, false));
    }

    private static void copy(InputStream content, HttpServerResponse response) throws IOException {
        byte[] chunk = new byte[DOWNLOAD_CHUNK_BYTES];
        int read;
        while ((read = content.read(chunk)) > 0) {
            response.write(Buffer.buffer(Arrays.copyOf(chunk, read)))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join();
        }
        response.end().toCompletionStage().toCompletableFuture().join();
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

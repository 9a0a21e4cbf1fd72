package dev.modelyard.server.release;

import static dev.modelyard.server.http.ApiCall.required;
import static java.util.Objects.requireNonNull;

import dev.modelyard.api.CreateReleaseRequest;
import dev.modelyard.api.DeprecateReleaseRequest;
import dev.modelyard.api.ListReleasesResponse;
import dev.modelyard.api.ListTagsResponse;
import dev.modelyard.api.PutTagRequest;
import dev.modelyard.api.TagHistoryResponse;
import dev.modelyard.core.Page;
import dev.modelyard.core.bundle.BundleService;
import dev.modelyard.core.release.ReleaseService;
import dev.modelyard.core.release.ReleaseView;
import dev.modelyard.core.user.Principal;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.ResponseOutputStream;
import dev.modelyard.server.http.Uploads;
import dev.modelyard.server.http.WireMapping;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Releases, environment tags and release bundles under {@code …/objectives/{objective}}. */
public final class ReleaseRoutes {
    private static final String OBJECTIVE = "/api/v1/projects/{project}/objectives/{objective}";
    private static final String RELEASES = OBJECTIVE + "/releases";
    private static final String TAGS = OBJECTIVE + "/tags";

    private final ReleaseService releases;
    private final BundleService bundles;
    private final Uploads uploads;

    public ReleaseRoutes(ReleaseService releases, BundleService bundles, Uploads uploads) {
        this.releases = requireNonNull(releases, "releases is null");
        this.bundles = requireNonNull(bundles, "bundles is null");
        this.uploads = requireNonNull(uploads, "uploads is null");
    }

    public void register(Endpoints endpoints) {
        endpoints.json(HttpMethod.POST, RELEASES, 201, call -> {
            CreateReleaseRequest request = call.body(CreateReleaseRequest.class);
            String objective = call.path("objective");
            ReleaseView view = releases.create(
                    call.principal(),
                    call.path("project"),
                    objective,
                    required(request.submission(), "submission"),
                    required(request.version(), "version"),
                    request.note(),
                    request.tags() == null ? List.of() : request.tags());
            return WireMapping.release(objective, view);
        });
        endpoints.json(HttpMethod.GET, RELEASES, 200, call -> {
            String objective = call.path("objective");
            Page<ReleaseView> page = releases.list(call.principal(), call.path("project"), objective, call.page());
            return new ListReleasesResponse(
                    page.items().stream()
                            .map(view -> WireMapping.release(objective, view))
                            .toList(),
                    page.nextPageToken().orElse(null));
        });
        endpoints.json(HttpMethod.GET, RELEASES + "/{version}", 200, call -> {
            String objective = call.path("objective");
            return WireMapping.release(
                    objective, releases.get(call.principal(), call.path("project"), objective, call.path("version")));
        });
        endpoints.json(HttpMethod.POST, RELEASES + "/{version}/deprecate", 200, call -> {
            DeprecateReleaseRequest request = call.body(DeprecateReleaseRequest.class);
            String objective = call.path("objective");
            return WireMapping.release(
                    objective,
                    releases.deprecate(
                            call.principal(),
                            call.path("project"),
                            objective,
                            call.path("version"),
                            required(request.reason(), "reason")));
        });
        endpoints.raw(HttpMethod.GET, RELEASES + "/{version}/bundle", context -> exportBundle(endpoints, context));
        endpoints.raw(HttpMethod.POST, "/api/v1/projects/{project}/bundles", context -> {
            String project = context.pathParam("project");
            uploads.handle(
                    context,
                    "send the release bundle as multipart/form-data in part 'file', for example:"
                            + " curl -F file=@wine-1.0.0.modelyard.zip …",
                    principal -> releases.requireCanImport(principal, project),
                    (principal, uploaded) -> {
                        BundleService.ImportedRelease imported =
                                bundles.importBundle(principal, project, uploaded.stagedFile());
                        return WireMapping.release(imported.objective(), imported.release());
                    });
        });

        endpoints.json(
                HttpMethod.GET,
                TAGS,
                200,
                call -> new ListTagsResponse(
                        releases.tags(call.principal(), call.path("project"), call.path("objective")).stream()
                                .map(WireMapping::tag)
                                .toList()));
        endpoints.json(HttpMethod.PUT, TAGS + "/{tag}", 200, call -> {
            PutTagRequest request = call.body(PutTagRequest.class);
            return WireMapping.tag(releases.putTag(
                    call.principal(),
                    call.path("project"),
                    call.path("objective"),
                    call.path("tag"),
                    required(request.release(), "release")));
        });
        endpoints.json(HttpMethod.DELETE, TAGS + "/{tag}", 204, call -> {
            releases.removeTag(call.principal(), call.path("project"), call.path("objective"), call.path("tag"));
            return null;
        });
        endpoints.json(
                HttpMethod.GET,
                TAGS + "/{tag}/history",
                200,
                call ->
                        new TagHistoryResponse(releases
                                .tagHistory(
                                        call.principal(),
                                        call.path("project"),
                                        call.path("objective"),
                                        call.path("tag"))
                                .stream()
                                .map(WireMapping::tagEvent)
                                .toList()));
        endpoints.json(HttpMethod.GET, TAGS + "/{tag}/release", 200, call -> {
            String objective = call.path("objective");
            return WireMapping.release(
                    objective,
                    releases.resolve(
                            call.principal(),
                            call.path("project"),
                            objective,
                            call.path("tag"),
                            call.instantQuery("as_of")));
        });
    }

    private void exportBundle(Endpoints endpoints, RoutingContext context) {
        String project = context.pathParam("project");
        String objective = context.pathParam("objective");
        String version = context.pathParam("version");
        endpoints
                .blocking(() -> {
                    Principal principal = endpoints.authenticate(context.request());
                    releases.get(principal, project, objective, version);
                    context.response()
                            .setChunked(true)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/zip")
                            .putHeader(
                                    "Content-Disposition",
                                    "attachment; filename=\"" + objective + "-" + version + ".modelyard.zip\"");
                    try (ResponseOutputStream out = new ResponseOutputStream(context.response())) {
                        bundles.export(principal, project, objective, version, out);
                    }
                    return null;
                })
                .onFailure(failure -> endpoints.sendError(context, failure, false));
    }
}

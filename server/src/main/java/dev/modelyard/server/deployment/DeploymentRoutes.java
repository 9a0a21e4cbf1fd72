package dev.modelyard.server.deployment;

import static dev.modelyard.server.http.ApiCall.required;
import static java.util.Objects.requireNonNull;

import dev.modelyard.api.ApiKeyResponse;
import dev.modelyard.api.CreateApiKeyRequest;
import dev.modelyard.api.CreateApiKeyResponse;
import dev.modelyard.api.CreateDeploymentRequest;
import dev.modelyard.api.DeploymentResponse;
import dev.modelyard.api.DeploymentRevisionResponse;
import dev.modelyard.api.ListApiKeysResponse;
import dev.modelyard.api.ListDeploymentRevisionsResponse;
import dev.modelyard.api.ListDeploymentsResponse;
import dev.modelyard.api.LoadedReleaseResponse;
import dev.modelyard.api.PinSpec;
import dev.modelyard.api.ResourcesSpec;
import dev.modelyard.api.TrackSpec;
import dev.modelyard.api.UpdateDeploymentRequest;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Page;
import dev.modelyard.core.deployment.AccessLevel;
import dev.modelyard.core.deployment.ApiKey;
import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.deployment.DeploymentChanges;
import dev.modelyard.core.deployment.DeploymentResources;
import dev.modelyard.core.deployment.DeploymentRevision;
import dev.modelyard.core.deployment.DeploymentService;
import dev.modelyard.core.deployment.DeploymentService.CreatedKey;
import dev.modelyard.core.deployment.DeploymentTarget;
import dev.modelyard.core.deployment.DeploymentView;
import dev.modelyard.server.http.Endpoints;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Optional;

/** Live deployments, their revisions and API keys under {@code /api/v1/projects/{project}/deployments}. */
public final class DeploymentRoutes {
    private static final String DEPLOYMENTS = "/api/v1/projects/{project}/deployments";
    private static final String DEPLOYMENT = DEPLOYMENTS + "/{deployment}";

    private final DeploymentService deployments;
    private final ServingStatus serving;

    public DeploymentRoutes(DeploymentService deployments, ServingStatus serving) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.serving = requireNonNull(serving, "serving is null");
    }

    public void register(Endpoints endpoints) {
        endpoints.json(HttpMethod.POST, DEPLOYMENTS, 201, call -> {
            CreateDeploymentRequest request = call.body(CreateDeploymentRequest.class);
            DeploymentView view = deployments.create(
                    call.principal(),
                    call.path("project"),
                    required(request.name(), "name"),
                    required(request.objective(), "objective"),
                    target(request.track(), request.pin())
                            .orElseThrow(() -> new ModelyardException(
                                    ErrorCode.INVALID_REQUEST,
                                    "say what to serve: \"track\": {\"tag\": \"Production\"} or \"pin\": {\"release\":"
                                            + " \"1.4.0\"}",
                                    Map.of("field", "track"))),
                    request.access() == null ? AccessLevel.PROJECT : AccessLevel.fromId(request.access()),
                    resources(request.resources(), DeploymentResources.DEFAULTS));
            return response(call.path("project"), view);
        });
        endpoints.json(HttpMethod.GET, DEPLOYMENTS, 200, call -> {
            String project = call.path("project");
            Page<DeploymentView> page = deployments.list(call.principal(), project, call.page());
            return new ListDeploymentsResponse(
                    page.items().stream().map(view -> response(project, view)).toList(),
                    page.nextPageToken().orElse(null));
        });
        endpoints.json(
                HttpMethod.GET,
                DEPLOYMENT,
                200,
                call -> response(
                        call.path("project"),
                        deployments.get(call.principal(), call.path("project"), call.path("deployment"))));
        endpoints.json(HttpMethod.PATCH, DEPLOYMENT, 200, call -> {
            UpdateDeploymentRequest request = call.body(UpdateDeploymentRequest.class);
            String project = call.path("project");
            String name = call.path("deployment");
            DeploymentResources current = deployments
                    .get(call.principal(), project, name)
                    .deployment()
                    .resources();
            DeploymentChanges changes = new DeploymentChanges(
                    target(request.track(), request.pin()),
                    Optional.ofNullable(request.access()).map(AccessLevel::fromId),
                    Optional.ofNullable(request.resources()).map(spec -> resources(spec, current)),
                    Optional.ofNullable(request.stopped()));
            return response(project, deployments.update(call.principal(), project, name, changes));
        });
        endpoints.json(
                HttpMethod.GET,
                DEPLOYMENT + "/revisions",
                200,
                call -> new ListDeploymentRevisionsResponse(
                        deployments.revisions(call.principal(), call.path("project"), call.path("deployment")).stream()
                                .map(DeploymentRoutes::revision)
                                .toList()));
        endpoints.json(
                HttpMethod.POST,
                DEPLOYMENT + "/revisions/{revision}/rollback",
                200,
                call -> response(
                        call.path("project"),
                        deployments.rollback(
                                call.principal(),
                                call.path("project"),
                                call.path("deployment"),
                                call.intPath("revision"))));
        endpoints.json(HttpMethod.POST, DEPLOYMENT + "/keys", 201, call -> {
            CreateApiKeyRequest request = call.body(CreateApiKeyRequest.class);
            CreatedKey created = deployments.createKey(
                    call.principal(),
                    call.path("project"),
                    call.path("deployment"),
                    required(request.name(), "name"),
                    Optional.ofNullable(request.expiresAt()));
            return new CreateApiKeyResponse(key(created.key()), created.secret());
        });
        endpoints.json(
                HttpMethod.GET,
                DEPLOYMENT + "/keys",
                200,
                call -> new ListApiKeysResponse(
                        deployments.listKeys(call.principal(), call.path("project"), call.path("deployment")).stream()
                                .map(DeploymentRoutes::key)
                                .toList()));
        endpoints.json(
                HttpMethod.DELETE,
                DEPLOYMENT + "/keys/{key_id}",
                200,
                call -> key(deployments.revokeKey(
                        call.principal(), call.path("project"), call.path("deployment"), call.path("key_id"))));
    }

    private DeploymentResponse response(String project, DeploymentView view) {
        Deployment deployment = view.deployment();
        ServingStatus.Report report = serving.report(deployment.name());
        return new DeploymentResponse(
                deployment.id(),
                project,
                deployment.name(),
                view.objective().name(),
                deployment.target().trackTag().map(TrackSpec::new).orElse(null),
                deployment.target().pinnedRelease().map(PinSpec::new).orElse(null),
                deployment.access().id(),
                resourcesSpec(deployment.resources()),
                deployment.stopped(),
                deployment.revision(),
                report.status(),
                report.reason().orElse(null),
                report.release().orElse(null),
                view.release().map(release -> release.release().version()).orElse(null),
                report.loaded().stream()
                        .map(loaded -> new LoadedReleaseResponse(
                                loaded.release(),
                                loaded.state(),
                                loaded.reason().orElse(null)))
                        .toList(),
                "/v2/models/" + deployment.name(),
                "/api/v1/deployments/" + deployment.name() + "/predict",
                deployment.createdBy().name(),
                deployment.createdAt(),
                deployment.updatedAt());
    }

    private static Optional<DeploymentTarget> target(TrackSpec track, PinSpec pin) {
        if (track == null && pin == null) {
            return Optional.empty();
        }
        return Optional.of(new DeploymentTarget(
                Optional.ofNullable(track).map(spec -> required(spec.tag(), "track.tag")),
                Optional.ofNullable(pin).map(spec -> required(spec.release(), "pin.release"))));
    }

    private static DeploymentResources resources(ResourcesSpec spec, DeploymentResources base) {
        if (spec == null) {
            return base;
        }
        return new DeploymentResources(
                spec.workers() == null ? base.workers() : spec.workers(),
                spec.queueCapacity() == null ? base.queueCapacity() : spec.queueCapacity(),
                spec.timeoutMs() == null ? base.timeoutMillis() : spec.timeoutMs(),
                spec.intraOpThreads() == null ? base.intraOpThreads() : spec.intraOpThreads(),
                spec.maxBatchSize() == null ? base.maxBatchSize() : spec.maxBatchSize(),
                spec.maxBatchDelayUs() == null ? base.maxBatchDelayMicros() : spec.maxBatchDelayUs());
    }

    private static ResourcesSpec resourcesSpec(DeploymentResources resources) {
        return new ResourcesSpec(
                resources.workers(),
                resources.queueCapacity(),
                resources.timeoutMillis(),
                resources.intraOpThreads(),
                resources.maxBatchSize(),
                resources.maxBatchDelayMicros());
    }

    private static DeploymentRevisionResponse revision(DeploymentRevision revision) {
        return new DeploymentRevisionResponse(
                revision.number(),
                revision.change(),
                revision.target().trackTag().map(TrackSpec::new).orElse(null),
                revision.target().pinnedRelease().map(PinSpec::new).orElse(null),
                revision.access().id(),
                resourcesSpec(revision.resources()),
                revision.stopped(),
                revision.release().orElse(null),
                revision.actor().name(),
                revision.at());
    }

    private static ApiKeyResponse key(ApiKey key) {
        return new ApiKeyResponse(
                key.id(),
                key.name(),
                key.prefix(),
                key.createdBy().name(),
                key.createdAt(),
                key.expiresAt().orElse(null),
                key.revokedAt().orElse(null));
    }
}

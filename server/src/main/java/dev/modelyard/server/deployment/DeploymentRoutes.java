package dev.modelyard.server.deployment;

import static dev.modelyard.server.http.ApiCall.required;
import static java.util.Objects.requireNonNull;

import dev.modelyard.api.ApiKeyResponse;
import dev.modelyard.api.ChallengerCountersResponse;
import dev.modelyard.api.ChallengerReportResponse;
import dev.modelyard.api.ChallengerResponse;
import dev.modelyard.api.ChallengerSpec;
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
import dev.modelyard.core.deployment.Challenger;
import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.deployment.DeploymentChanges;
import dev.modelyard.core.deployment.DeploymentResources;
import dev.modelyard.core.deployment.DeploymentRevision;
import dev.modelyard.core.deployment.DeploymentService;
import dev.modelyard.core.deployment.DeploymentService.CreatedKey;
import dev.modelyard.core.deployment.DeploymentTarget;
import dev.modelyard.core.deployment.DeploymentView;
import dev.modelyard.core.history.ChallengerReport;
import dev.modelyard.core.history.ChallengerReportRow;
import dev.modelyard.core.history.HistoryService;
import dev.modelyard.core.history.HistoryService.HistoryPage;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.server.http.ApiCall;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.serving.ServingSupervisor;
import dev.modelyard.server.serving.ServingSupervisor.ChallengerCalls;
import io.vertx.core.http.HttpMethod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live deployments, their revisions, API keys and challengers (set, removed, compared, promoted)
 * under {@code /api/v1/projects/{project}/deployments}.
 */
public final class DeploymentRoutes {
    private static final String DEPLOYMENTS = "/api/v1/projects/{project}/deployments";
    private static final String DEPLOYMENT = DEPLOYMENTS + "/{deployment}";
    /** The most history rows one challenger report reads; beyond, it says it is truncated. */
    static final int MAX_REPORT_ROWS = 100_000;

    private final DeploymentService deployments;
    private final ServingSupervisor serving;
    private final HistoryService histories;

    public DeploymentRoutes(DeploymentService deployments, ServingSupervisor serving, HistoryService histories) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.serving = requireNonNull(serving, "serving is null");
        this.histories = requireNonNull(histories, "histories is null");
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
                    resources(request.resources(), DeploymentResources.DEFAULTS),
                    Optional.ofNullable(request.challenger()).map(spec -> challenger(spec, Optional.empty())));
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
            Deployment current =
                    deployments.get(call.principal(), project, name).deployment();
            DeploymentChanges changes = new DeploymentChanges(
                    target(request.track(), request.pin()),
                    Optional.ofNullable(request.access()).map(AccessLevel::fromId),
                    Optional.ofNullable(request.resources()).map(spec -> resources(spec, current.resources())),
                    Optional.ofNullable(request.stopped()),
                    Optional.ofNullable(request.challenger()).map(spec -> challenger(spec, current.challenger())),
                    false);
            return response(project, deployments.update(call.principal(), project, name, changes));
        });
        endpoints.json(
                HttpMethod.DELETE,
                DEPLOYMENT + "/challenger",
                200,
                call -> response(
                        call.path("project"),
                        deployments.update(
                                call.principal(),
                                call.path("project"),
                                call.path("deployment"),
                                DeploymentChanges.removingChallenger())));
        endpoints.json(HttpMethod.GET, DEPLOYMENT + "/challenger/report", 200, this::report);
        endpoints.json(
                HttpMethod.POST,
                DEPLOYMENT + "/challenger/promote",
                200,
                call -> response(
                        call.path("project"),
                        deployments.promote(call.principal(), call.path("project"), call.path("deployment"))));
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
                deployment.updatedAt(),
                deployment
                        .challenger()
                        .map(challenger -> challengerResponse(view, challenger))
                        .orElse(null));
    }

    private ChallengerResponse challengerResponse(DeploymentView view, Challenger challenger) {
        Deployment deployment = view.deployment();
        ServingStatus.Report report = deployment.stopped()
                ? new ServingStatus.Report("stopped", Optional.empty(), Optional.empty(), List.of())
                : view.challenger().isEmpty()
                        ? new ServingStatus.Report(
                                "deploying",
                                Optional.of("its challenger resolves to no release yet"),
                                Optional.empty(),
                                List.of())
                        : serving.report(ServingSupervisor.challengerEngineName(deployment.name()));
        ChallengerCalls calls = serving.challengerCalls(deployment.name());
        return new ChallengerResponse(
                challenger.target().pinnedRelease().orElse(null),
                challenger.target().trackTag().orElse(null),
                challenger.samplingRate(),
                challenger.timeoutMillis(),
                view.challenger().map(release -> release.release().version()).orElse(null),
                report.status(),
                report.reason().orElse(null),
                report.release().orElse(null),
                new ChallengerCountersResponse(
                        calls.called(),
                        calls.sampledOut(),
                        calls.skippedBusy(),
                        calls.skippedNotReady(),
                        calls.inFlight()));
    }

    /**
     * {@code GET …/challenger/report?from=&to=}: the champion and the challenger compared on the
     * history rows of {@code [from, to)} (either side open when absent). 409 when the deployment
     * has no inference history.
     */
    private ChallengerReportResponse report(ApiCall call) {
        String project = call.path("project");
        String name = call.path("deployment");
        Optional<Instant> from = call.instantQuery("from");
        Optional<Instant> to = call.instantQuery("to");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "from (" + from.get() + ") must be before to (" + to.get() + ")",
                    Map.of("parameter", "from"));
        }
        DeploymentView view = deployments.get(call.principal(), project, name);
        if (histories.get(call.principal(), project, name).all().isEmpty()) {
            throw new ModelyardException(
                    ErrorCode.CONFLICT,
                    "deployment '" + name + "' has no inference history, and the challenger report is computed from"
                            + " it; a project owner turns it on with POST …/deployments/" + name + "/history",
                    Map.of("deployment", name));
        }
        List<ChallengerReportRow> rows = new ArrayList<>();
        Optional<String> dataset = Optional.empty();
        Optional<Integer> version = Optional.empty();
        long offset = 0;
        boolean truncated = false;
        while (true) {
            int limit = Math.min(HistoryService.MAX_PAGE_ROWS, MAX_REPORT_ROWS - rows.size());
            HistoryPage page =
                    histories.query(call.principal(), project, name, from, to, false, version, offset, limit);
            dataset = page.dataset();
            version = Optional.of(page.version());
            page.rows().forEach(row -> rows.add(ChallengerReportRow.of(row)));
            if (page.nextOffset().isEmpty()) {
                break;
            }
            if (rows.size() >= MAX_REPORT_ROWS) {
                truncated = true;
                break;
            }
            offset = page.nextOffset().get();
        }
        Objective objective = view.objective();
        ChallengerReport report = ChallengerReport.compute(
                rows, objective.taskType(), objective.evaluation().scoreMapping());
        return new ChallengerReportResponse(
                name,
                dataset.orElse(null),
                from.orElse(null),
                to.orElse(null),
                report.taskType().id(),
                rows.size(),
                truncated,
                new ChallengerReportResponse.Pairs(
                        report.pairs().paired(),
                        report.pairs().championOnly(),
                        report.pairs().challengerOnly()),
                role(report.champion()),
                role(report.challenger()),
                agreement(report.agreement()),
                new ChallengerReportResponse.GroundTruth(
                        report.groundTruth().available(), report.groundTruth().note()));
    }

    private static ChallengerReportResponse.Role role(ChallengerReport.RoleSummary role) {
        return new ChallengerReportResponse.Role(
                role.calls(),
                role.errors(),
                role.errorRate().isPresent() ? role.errorRate().getAsDouble() : null,
                role.latencyMicros().map(DeploymentRoutes::summary).orElse(null),
                role.releases(),
                role.topErrors().stream()
                        .map(error -> new ChallengerReportResponse.ErrorCount(error.error(), error.count()))
                        .toList());
    }

    private static ChallengerReportResponse.Agreement agreement(ChallengerReport.Agreement agreement) {
        return new ChallengerReportResponse.Agreement(
                agreement.compared(),
                agreement.agreeing(),
                agreement.agreementRate().isPresent()
                        ? agreement.agreementRate().getAsDouble()
                        : null,
                agreement.incomparable(),
                agreement.labelPairs().stream()
                        .map(pair -> new ChallengerReportResponse.LabelPair(
                                pair.champion(), pair.challenger(), pair.count()))
                        .toList(),
                agreement
                        .differences()
                        .map(differences -> new ChallengerReportResponse.Differences(
                                differences.measure(),
                                summary(differences.absolute()),
                                new ChallengerReportResponse.Histogram(
                                        differences.histogram().edges(),
                                        differences.histogram().counts())))
                        .orElse(null));
    }

    private static ChallengerReportResponse.Summary summary(ChallengerReport.Summary summary) {
        return new ChallengerReportResponse.Summary(
                summary.count(), summary.p50(), summary.p90(), summary.p99(), summary.max(), summary.mean());
    }

    /**
     * The challenger a spec asks for. In an update ({@code current} present), absent fields keep the
     * current challenger's values; otherwise sampling defaults to 1 and the timeout to 10 s.
     */
    private static Challenger challenger(ChallengerSpec spec, Optional<Challenger> current) {
        for (String value : new String[] {spec.release(), spec.tag()}) {
            if (value != null && value.isBlank()) {
                throw new ModelyardException(
                        ErrorCode.INVALID_REQUEST,
                        "challenger.release and challenger.tag must not be blank",
                        Map.of("field", "challenger"));
            }
        }
        double samplingRate = spec.samplingRate() != null
                ? spec.samplingRate()
                : current.map(Challenger::samplingRate).orElse(Challenger.DEFAULT_SAMPLING_RATE);
        long timeoutMillis = spec.timeoutMs() != null
                ? spec.timeoutMs()
                : current.map(Challenger::timeoutMillis).orElse(Challenger.DEFAULT_TIMEOUT_MILLIS);
        if (spec.release() == null && spec.tag() == null && current.isPresent()) {
            return new Challenger(current.get().target(), samplingRate, timeoutMillis);
        }
        return Challenger.of(
                Optional.ofNullable(spec.release()), Optional.ofNullable(spec.tag()), samplingRate, timeoutMillis);
    }

    private static ChallengerSpec challengerSpec(Challenger challenger) {
        return new ChallengerSpec(
                challenger.target().pinnedRelease().orElse(null),
                challenger.target().trackTag().orElse(null),
                challenger.samplingRate(),
                challenger.timeoutMillis());
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
                revision.at(),
                revision.challenger().map(DeploymentRoutes::challengerSpec).orElse(null));
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

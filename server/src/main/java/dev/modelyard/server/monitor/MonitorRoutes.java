package dev.modelyard.server.monitor;

import static java.util.Objects.requireNonNull;

import dev.modelyard.api.CreateMonitorRequest;
import dev.modelyard.api.DeliveryAttemptResponse;
import dev.modelyard.api.ListMonitorResultsResponse;
import dev.modelyard.api.ListMonitorsResponse;
import dev.modelyard.api.ListWebhookDeliveriesResponse;
import dev.modelyard.api.MonitorResponse;
import dev.modelyard.api.MonitorResultResponse;
import dev.modelyard.api.ThresholdsSpec;
import dev.modelyard.api.UpdateMonitorRequest;
import dev.modelyard.api.UsageBucketResponse;
import dev.modelyard.api.UsageCallerResponse;
import dev.modelyard.api.UsageResponse;
import dev.modelyard.api.WebhookDeliveryResponse;
import dev.modelyard.api.WebhookResponse;
import dev.modelyard.api.WebhookSpec;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.monitoring.monitor.DeliveryState;
import dev.modelyard.core.monitoring.monitor.Monitor;
import dev.modelyard.core.monitoring.monitor.MonitorDurations;
import dev.modelyard.core.monitoring.monitor.MonitorResult;
import dev.modelyard.core.monitoring.monitor.MonitorService;
import dev.modelyard.core.monitoring.monitor.MonitorSpec;
import dev.modelyard.core.monitoring.monitor.UsageReport;
import dev.modelyard.server.http.ApiCall;
import dev.modelyard.server.http.Endpoints;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Monitors of a deployment under {@code
 * /api/v1/projects/{project}/deployments/{deployment}/monitors}: create, list, get, change and
 * delete them (owners change), their results, a run now (owners), their webhook delivery log; and
 * the deployment's usage under {@code …/deployments/{deployment}/usage}.
 */
public final class MonitorRoutes {
    private static final String DEPLOYMENT = "/api/v1/projects/{project}/deployments/{deployment}";
    private static final String MONITORS = DEPLOYMENT + "/monitors";
    private static final String MONITOR = MONITORS + "/{monitor}";

    private final MonitorService monitors;

    public MonitorRoutes(MonitorService monitors) {
        this.monitors = requireNonNull(monitors, "monitors is null");
    }

    public void register(Endpoints endpoints) {
        endpoints.json(HttpMethod.POST, MONITORS, 201, call -> {
            CreateMonitorRequest request = call.body(CreateMonitorRequest.class);
            Monitor monitor = monitors.create(
                    call.principal(),
                    call.path("project"),
                    call.path("deployment"),
                    ApiCall.required(request.name(), "name"),
                    new MonitorSpec(
                            Optional.ofNullable(request.kind()),
                            Optional.ofNullable(request.schedule()),
                            Optional.ofNullable(request.window()),
                            Optional.ofNullable(request.step()),
                            Optional.ofNullable(request.parameters()),
                            Optional.ofNullable(request.thresholds()).map(MonitorRoutes::thresholds),
                            Optional.ofNullable(request.webhooks()).map(MonitorRoutes::webhooks),
                            Optional.ofNullable(request.enabled())));
            return response(call.path("deployment"), monitor);
        });
        endpoints.json(
                HttpMethod.GET,
                MONITORS,
                200,
                call -> new ListMonitorsResponse(
                        monitors.list(call.principal(), call.path("project"), call.path("deployment")).stream()
                                .map(monitor -> response(call.path("deployment"), monitor))
                                .toList()));
        endpoints.json(
                HttpMethod.GET,
                MONITOR,
                200,
                call -> response(
                        call.path("deployment"),
                        monitors.get(
                                call.principal(),
                                call.path("project"),
                                call.path("deployment"),
                                call.path("monitor"))));
        endpoints.json(HttpMethod.PATCH, MONITOR, 200, call -> {
            UpdateMonitorRequest request = call.body(UpdateMonitorRequest.class);
            Monitor monitor = monitors.update(
                    call.principal(),
                    call.path("project"),
                    call.path("deployment"),
                    call.path("monitor"),
                    new MonitorSpec(
                            Optional.ofNullable(request.kind()),
                            Optional.ofNullable(request.schedule()),
                            Optional.ofNullable(request.window()),
                            Optional.ofNullable(request.step()),
                            Optional.ofNullable(request.parameters()),
                            Optional.ofNullable(request.thresholds()).map(MonitorRoutes::thresholds),
                            Optional.ofNullable(request.webhooks()).map(MonitorRoutes::webhooks),
                            Optional.ofNullable(request.enabled())));
            return response(call.path("deployment"), monitor);
        });
        endpoints.json(HttpMethod.DELETE, MONITOR, 204, call -> {
            monitors.delete(call.principal(), call.path("project"), call.path("deployment"), call.path("monitor"));
            return null;
        });
        endpoints.json(HttpMethod.GET, MONITOR + "/results", 200, call -> {
            List<MonitorResult> results = monitors.results(
                    call.principal(),
                    call.path("project"),
                    call.path("deployment"),
                    call.path("monitor"),
                    call.instantQuery("from"),
                    call.instantQuery("to"),
                    intQuery(call, "max_results", 500));
            return new ListMonitorResultsResponse(
                    call.path("monitor"),
                    results.stream().map(MonitorRoutes::response).toList());
        });
        endpoints.json(
                HttpMethod.POST,
                MONITOR + "/run",
                200,
                call -> response(monitors.run(
                        call.principal(), call.path("project"), call.path("deployment"), call.path("monitor"))));
        endpoints.json(HttpMethod.GET, MONITOR + "/deliveries", 200, call -> {
            List<MonitorService.DeliveryLog> logs = monitors.deliveries(
                    call.principal(),
                    call.path("project"),
                    call.path("deployment"),
                    call.path("monitor"),
                    intQuery(call, "max_results", 100));
            return new ListWebhookDeliveriesResponse(
                    call.path("monitor"),
                    logs.stream().map(MonitorRoutes::response).toList());
        });
        endpoints.json(HttpMethod.GET, DEPLOYMENT + "/usage", 200, call -> {
            UsageReport report = monitors.usage(
                    call.principal(),
                    call.path("project"),
                    call.path("deployment"),
                    call.instantQuery("from"),
                    call.instantQuery("to"),
                    call.query("bucket"));
            return new UsageResponse(
                    call.path("deployment"),
                    report.from(),
                    report.to(),
                    MonitorDurations.format(report.bucket()),
                    response(report.total()),
                    report.buckets().stream().map(MonitorRoutes::response).toList());
        });
    }

    private static MonitorSpec.ThresholdsSpec thresholds(ThresholdsSpec spec) {
        return new MonitorSpec.ThresholdsSpec(
                Optional.ofNullable(spec.direction()),
                Optional.ofNullable(spec.warning()),
                Optional.ofNullable(spec.alert()));
    }

    private static List<MonitorSpec.WebhookSpec> webhooks(List<WebhookSpec> specs) {
        return specs.stream()
                .map(spec -> spec == null
                        ? null
                        : new MonitorSpec.WebhookSpec(
                                Optional.ofNullable(spec.url()),
                                Optional.ofNullable(spec.secret()),
                                Optional.ofNullable(spec.includeWarnings())))
                .toList();
    }

    private static MonitorResponse response(String deployment, Monitor monitor) {
        return new MonitorResponse(
                monitor.id(),
                monitor.name(),
                deployment,
                monitor.kind().id(),
                monitor.schedule().expression(),
                MonitorDurations.format(monitor.window()),
                MonitorDurations.format(monitor.step()),
                monitor.parameters(),
                new ThresholdsSpec(
                        monitor.thresholds().direction().id(),
                        monitor.thresholds().warning().orElse(null),
                        monitor.thresholds().alert().orElse(null)),
                monitor.webhooks().stream()
                        .map(webhook -> new WebhookResponse(webhook.id(), webhook.url(), webhook.includeWarnings()))
                        .toList(),
                monitor.enabled(),
                monitor.nextRunAt(),
                monitor.createdBy().name(),
                monitor.createdAt(),
                monitor.updatedAt());
    }

    private static MonitorResultResponse response(MonitorResult result) {
        return new MonitorResultResponse(
                result.id(),
                result.windowStart(),
                result.windowEnd(),
                result.value().orElse(null),
                result.status().id(),
                result.trigger().id(),
                result.details(),
                result.computedAt());
    }

    private static WebhookDeliveryResponse response(MonitorService.DeliveryLog log) {
        var delivery = log.delivery();
        return new WebhookDeliveryResponse(
                delivery.id(),
                delivery.resultId(),
                delivery.webhookId(),
                delivery.url(),
                delivery.event(),
                delivery.state().id(),
                delivery.state() == DeliveryState.PENDING ? delivery.nextAttemptAt() : null,
                delivery.lastError().orElse(null),
                delivery.createdAt(),
                delivery.finishedAt().orElse(null),
                log.attempts().stream()
                        .map(attempt -> new DeliveryAttemptResponse(
                                attempt.number(),
                                attempt.startedAt(),
                                attempt.durationMillis(),
                                attempt.statusCode().orElse(null),
                                attempt.error().orElse(null)))
                        .toList());
    }

    private static UsageBucketResponse response(UsageReport.Bucket bucket) {
        return new UsageBucketResponse(
                bucket.start(),
                bucket.end(),
                bucket.calls(),
                bucket.errors(),
                bucket.latencyP50Millis().orElse(null),
                bucket.latencyP90Millis().orElse(null),
                bucket.latencyP99Millis().orElse(null),
                bucket.callers().stream()
                        .map(caller -> new UsageCallerResponse(
                                caller.kind(),
                                caller.id().orElse(null),
                                caller.name().orElse(null),
                                caller.calls(),
                                caller.errors()))
                        .toList());
    }

    private static int intQuery(ApiCall call, String name, int defaultValue) {
        return call.query(name)
                .map(value -> {
                    try {
                        return Integer.parseInt(value.strip());
                    } catch (NumberFormatException e) {
                        throw new ModelyardException(
                                ErrorCode.INVALID_REQUEST,
                                "parameter '" + name + "': '" + value + "' is not a whole number",
                                Map.of("parameter", name));
                    }
                })
                .orElse(defaultValue);
    }
}

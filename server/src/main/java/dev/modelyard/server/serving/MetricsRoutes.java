package dev.modelyard.server.serving;

import static java.util.Objects.requireNonNull;

import dev.modelyard.engine.EngineMetrics;
import dev.modelyard.engine.EngineMetrics.DeploymentSnapshot;
import dev.modelyard.engine.EngineMetrics.ReleaseSnapshot;
import dev.modelyard.engine.InferenceEngine;
import dev.modelyard.engine.LatencyHistogram;
import dev.modelyard.server.history.HistoryRecorder;
import dev.modelyard.server.http.Endpoints;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /metrics}: the engine's counters in the Prometheus text format, labelled by deployment
 * and release — requests, errors, rejections, timeouts, in-flight, queue depth, latency histogram,
 * loaded models and swaps.
 */
public final class MetricsRoutes {
    private final InferenceEngine engine;
    private final HistoryRecorder history;
    private final ServingSupervisor supervisor;

    public MetricsRoutes(InferenceEngine engine, HistoryRecorder history, ServingSupervisor supervisor) {
        this.engine = requireNonNull(engine, "engine is null");
        this.history = requireNonNull(history, "history is null");
        this.supervisor = requireNonNull(supervisor, "supervisor is null");
    }

    public void register(Endpoints endpoints) {
        endpoints.raw(HttpMethod.GET, "/metrics", context -> context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .end(render(engine.metrics().snapshot()) + renderHistory()));
    }

    /** The inference histories' counters: calls seen while recording, and what became of them. */
    private String renderHistory() {
        Map<String, HistoryRecorder.Counters> counters = new java.util.TreeMap<>();
        history.allCounters()
                .forEach((deploymentId, counter) ->
                        supervisor.deploymentName(deploymentId).ifPresent(name -> counters.put(name, counter)));
        StringBuilder out = new StringBuilder(1024);
        List<Map.Entry<String, java.util.function.ToLongFunction<HistoryRecorder.Counters>>> series = List.of(
                Map.entry("calls", HistoryRecorder.Counters::calls),
                Map.entry("recorded", HistoryRecorder.Counters::recorded),
                Map.entry("dropped", HistoryRecorder.Counters::dropped),
                Map.entry("failed", HistoryRecorder.Counters::failed),
                Map.entry("sampled_out", HistoryRecorder.Counters::sampledOut));
        for (Map.Entry<String, java.util.function.ToLongFunction<HistoryRecorder.Counters>> one : series) {
            String name = "modelyard_history_" + one.getKey() + "_total";
            header(
                    out,
                    name,
                    "counter",
                    "Inference history: calls " + one.getKey().replace('_', ' ') + ".");
            counters.forEach((deployment, counter) ->
                    sample(out, name, labels(deployment, null), one.getValue().applyAsLong(counter)));
        }
        header(out, "modelyard_history_waiting", "gauge", "Inference history: calls waiting to be written.");
        counters.forEach((deployment, counter) ->
                sample(out, "modelyard_history_waiting", labels(deployment, null), counter.waiting()));
        return out.toString();
    }

    static String render(EngineMetrics.Snapshot snapshot) {
        StringBuilder out = new StringBuilder(4096);
        gauge(out, "modelyard_loaded_models", "Distinct models loaded in memory.", snapshot.loadedModels());
        counter(out, "modelyard_model_loads_total", "Models loaded since start.", snapshot.modelLoads());
        counter(
                out,
                "modelyard_model_load_failures_total",
                "Model loads or warm-ups that failed.",
                snapshot.modelLoadFailures());
        header(out, "modelyard_deployment_in_flight", "gauge", "Requests admitted and not finished.");
        for (DeploymentSnapshot deployment : snapshot.deployments()) {
            sample(out, "modelyard_deployment_in_flight", labels(deployment.deployment(), null), deployment.inFlight());
        }
        header(out, "modelyard_deployment_queue_depth", "gauge", "Requests waiting for a worker.");
        for (DeploymentSnapshot deployment : snapshot.deployments()) {
            sample(
                    out,
                    "modelyard_deployment_queue_depth",
                    labels(deployment.deployment(), null),
                    deployment.queueDepth());
        }
        header(out, "modelyard_deployment_ready", "gauge", "1 when the deployment serves a ready model.");
        for (DeploymentSnapshot deployment : snapshot.deployments()) {
            sample(
                    out,
                    "modelyard_deployment_ready",
                    labels(deployment.deployment(), null),
                    deployment.status().name().equals("READY") ? 1 : 0);
        }
        header(out, "modelyard_deployment_swaps_total", "counter", "Swaps that switched the deployment's model.");
        for (DeploymentSnapshot deployment : snapshot.deployments()) {
            sample(out, "modelyard_deployment_swaps_total", labels(deployment.deployment(), null), deployment.swaps());
        }
        header(out, "modelyard_deployment_failed_swaps_total", "counter", "Swaps whose load or warm-up failed.");
        for (DeploymentSnapshot deployment : snapshot.deployments()) {
            sample(
                    out,
                    "modelyard_deployment_failed_swaps_total",
                    labels(deployment.deployment(), null),
                    deployment.failedSwaps());
        }
        releaseCounter(
                out, snapshot, "modelyard_requests_total", "Inference requests admitted.", ReleaseSnapshot::requests);
        releaseCounter(
                out,
                snapshot,
                "modelyard_request_errors_total",
                "Requests the model failed (invalid input included).",
                ReleaseSnapshot::errors);
        releaseCounter(
                out,
                snapshot,
                "modelyard_requests_rejected_total",
                "Requests refused at once because the deployment was full.",
                ReleaseSnapshot::rejected);
        releaseCounter(
                out,
                snapshot,
                "modelyard_request_timeouts_total",
                "Requests that timed out.",
                ReleaseSnapshot::timeouts);
        header(
                out,
                "modelyard_request_duration_seconds",
                "histogram",
                "End-to-end inference latency (queue and compute).");
        for (DeploymentSnapshot deployment : snapshot.deployments()) {
            for (ReleaseSnapshot release : deployment.releases()) {
                histogram(out, labels(deployment.deployment(), release.release()), release.latency());
            }
        }
        return out.toString();
    }

    private interface ReleaseValue {
        long of(ReleaseSnapshot release);
    }

    private static void releaseCounter(
            StringBuilder out, EngineMetrics.Snapshot snapshot, String name, String help, ReleaseValue value) {
        header(out, name, "counter", help);
        for (DeploymentSnapshot deployment : snapshot.deployments()) {
            for (ReleaseSnapshot release : deployment.releases()) {
                sample(out, name, labels(deployment.deployment(), release.release()), value.of(release));
            }
        }
    }

    private static void histogram(StringBuilder out, String labels, LatencyHistogram.Snapshot latency) {
        List<Long> bounds = LatencyHistogram.UPPER_BOUNDS_NANOS;
        long cumulative = 0;
        for (int i = 0; i < bounds.size(); i++) {
            cumulative += latency.bucketCounts().get(i);
            out.append("modelyard_request_duration_seconds_bucket{")
                    .append(labels)
                    .append(",le=\"")
                    .append(seconds(bounds.get(i)))
                    .append("\"} ")
                    .append(cumulative)
                    .append('\n');
        }
        out.append("modelyard_request_duration_seconds_bucket{")
                .append(labels)
                .append(",le=\"+Inf\"} ")
                .append(latency.count())
                .append('\n');
        out.append("modelyard_request_duration_seconds_sum{")
                .append(labels)
                .append("} ")
                .append(seconds(latency.sumNanos()))
                .append('\n');
        out.append("modelyard_request_duration_seconds_count{")
                .append(labels)
                .append("} ")
                .append(latency.count())
                .append('\n');
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    private static String labels(String deployment, String release) {
        String labels = "deployment=\"" + escape(deployment) + "\"";
        return release == null ? labels : labels + ",release=\"" + escape(release) + "\"";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        header(out, name, "gauge", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, "counter", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }
}

package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The engine's metrics. Requests record into {@link LongAdder}s as they happen; {@link #snapshot()}
 * reads them, with the gauges (in flight, queue depth, loaded models), for an exporter to render
 * (the server renders Prometheus text).
 *
 * <p>Per release: requests admitted, errors (the runtime failed the request), rejected (overloaded),
 * timeouts, in flight and end-to-end latency. Per deployment: in flight, queue depth (waiting for a
 * worker), swaps and failed swaps. Engine-wide: loaded models, model loads and load failures.
 */
public final class EngineMetrics {
    private final Map<String, Deployment> deployments;
    private final ModelCache cache;
    final LongAdder modelLoads = new LongAdder();
    final LongAdder modelLoadFailures = new LongAdder();

    EngineMetrics(Map<String, Deployment> deployments, ModelCache cache) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.cache = requireNonNull(cache, "cache is null");
    }

    public Snapshot snapshot() {
        List<DeploymentSnapshot> snapshots = new ArrayList<>();
        for (Deployment deployment : new TreeMap<>(deployments).values()) {
            snapshots.add(deployment.metricsSnapshot());
        }
        return new Snapshot(cache.loadedCount(), modelLoads.sum(), modelLoadFailures.sum(), snapshots);
    }

    /**
     * All metrics at one moment (each counter read once; counters read apart may differ by the
     * requests that ran in between).
     *
     * @param loadedModels distinct models (digests) loaded
     * @param modelLoads models loaded since start
     * @param modelLoadFailures loads or warm-ups that failed
     * @param deployments every deployment the engine knows, by name
     */
    public record Snapshot(
            int loadedModels, long modelLoads, long modelLoadFailures, List<DeploymentSnapshot> deployments) {
        public Snapshot {
            deployments = List.copyOf(requireNonNull(deployments, "deployments is null"));
        }
    }

    /**
     * @param deployment the deployment's name
     * @param status its status
     * @param inFlight requests admitted and not finished (waiting or running)
     * @param queueDepth requests waiting for a worker
     * @param swaps swaps that switched the deployment
     * @param failedSwaps swaps whose load or warm-up failed
     * @param releases every release it served, loaded or not
     */
    public record DeploymentSnapshot(
            String deployment,
            DeploymentStatus status,
            int inFlight,
            int queueDepth,
            long swaps,
            long failedSwaps,
            List<ReleaseSnapshot> releases) {
        public DeploymentSnapshot {
            requireNonNull(deployment, "deployment is null");
            requireNonNull(status, "status is null");
            releases = List.copyOf(requireNonNull(releases, "releases is null"));
        }

        /** The releases still loaded. */
        public Set<String> loadedReleases() {
            return releases.stream()
                    .filter(ReleaseSnapshot::loaded)
                    .map(ReleaseSnapshot::release)
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    /**
     * @param release the release version
     * @param loaded whether the deployment still holds it loaded
     * @param requests requests admitted (not the rejected ones)
     * @param errors requests the runtime failed (invalid input included)
     * @param rejected requests refused at once because the deployment was full
     * @param timeouts requests that timed out
     * @param inFlight requests admitted and not finished
     * @param latency end-to-end latency (queue and compute) of finished requests
     */
    public record ReleaseSnapshot(
            String release,
            boolean loaded,
            long requests,
            long errors,
            long rejected,
            long timeouts,
            long inFlight,
            LatencyHistogram.Snapshot latency) {
        public ReleaseSnapshot {
            requireNonNull(release, "release is null");
            requireNonNull(latency, "latency is null");
        }
    }
}

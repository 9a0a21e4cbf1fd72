package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How one deployment runs its predictions. The defaults, all in {@link #defaults()}:
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>workers</td><td>available processors</td><td>threads that run this deployment's
 *       predictions when they run off the caller's thread</td></tr>
 *   <tr><td>queueCapacity</td><td>{@value #DEFAULT_QUEUE_CAPACITY}</td><td>most requests waiting or
 *       running at once (inline ones included); one more fails at once with {@link
 *       EngineOverloadedException}</td></tr>
 *   <tr><td>requestTimeout</td><td>30 s</td><td>from arrival to result for pooled requests; a
 *       request still queued then is cancelled</td></tr>
 *   <tr><td>inlineThresholdMicros</td><td>{@value #DEFAULT_INLINE_THRESHOLD_MICROS}</td><td>
 *       {@link ExecutionMode#ADAPTIVE}: the compute time below which a prediction runs on the
 *       caller's thread</td></tr>
 *   <tr><td>executionMode</td><td>{@link ExecutionMode#ADAPTIVE}</td><td>inline, pooled or
 *       adaptive</td></tr>
 *   <tr><td>microBatching</td><td>off</td><td>see {@link MicroBatching}</td></tr>
 *   <tr><td>warmup</td><td>on</td><td>run one synthetic prediction before a newly loaded model
 *       takes traffic</td></tr>
 * </table>
 *
 * <p>Settings take effect with the swap that carries them: a failed swap leaves the previous
 * settings in place.
 */
public record DeploymentSettings(
        int workers,
        int queueCapacity,
        Duration requestTimeout,
        long inlineThresholdMicros,
        ExecutionMode executionMode,
        Optional<MicroBatching> microBatching,
        boolean warmup) {

    public static final int DEFAULT_QUEUE_CAPACITY = 256;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Measured (see the {@link InferenceEngine} javadoc): a hop to a worker and back costs tens of
     * microseconds, so below ~200 µs of compute the hop is a large share of the latency, and an
     * event loop blocked for 200 µs per request still serves thousands of requests per second.
     */
    public static final long DEFAULT_INLINE_THRESHOLD_MICROS = 200;

    public DeploymentSettings {
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(executionMode, "executionMode is null");
        requireNonNull(microBatching, "microBatching is null");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (inlineThresholdMicros < 0) {
            throw new IllegalArgumentException("inlineThresholdMicros must not be negative");
        }
        if (executionMode == ExecutionMode.INLINE && microBatching.isPresent()) {
            throw new IllegalArgumentException("micro-batching needs pooled or adaptive execution, not inline");
        }
    }

    public static DeploymentSettings defaults() {
        return new DeploymentSettings(
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                DEFAULT_QUEUE_CAPACITY,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_INLINE_THRESHOLD_MICROS,
                ExecutionMode.ADAPTIVE,
                Optional.empty(),
                true);
    }

    public DeploymentSettings withWorkers(int value) {
        return new DeploymentSettings(
                value, queueCapacity, requestTimeout, inlineThresholdMicros, executionMode, microBatching, warmup);
    }

    public DeploymentSettings withQueueCapacity(int value) {
        return new DeploymentSettings(
                workers, value, requestTimeout, inlineThresholdMicros, executionMode, microBatching, warmup);
    }

    public DeploymentSettings withRequestTimeout(Duration value) {
        return new DeploymentSettings(
                workers, queueCapacity, value, inlineThresholdMicros, executionMode, microBatching, warmup);
    }

    public DeploymentSettings withInlineThresholdMicros(long value) {
        return new DeploymentSettings(
                workers, queueCapacity, requestTimeout, value, executionMode, microBatching, warmup);
    }

    public DeploymentSettings withExecutionMode(ExecutionMode value) {
        return new DeploymentSettings(
                workers, queueCapacity, requestTimeout, inlineThresholdMicros, value, microBatching, warmup);
    }

    public DeploymentSettings withMicroBatching(MicroBatching value) {
        return new DeploymentSettings(
                workers,
                queueCapacity,
                requestTimeout,
                inlineThresholdMicros,
                executionMode,
                Optional.of(requireNonNull(value, "microBatching is null")),
                warmup);
    }

    public DeploymentSettings withoutMicroBatching() {
        return new DeploymentSettings(
                workers, queueCapacity, requestTimeout, inlineThresholdMicros, executionMode, Optional.empty(), warmup);
    }

    public DeploymentSettings withWarmup(boolean value) {
        return new DeploymentSettings(
                workers, queueCapacity, requestTimeout, inlineThresholdMicros, executionMode, microBatching, value);
    }

    /** Whether two settings need the same worker pool (so a swap can keep the running one). */
    boolean sameWorkerPool(DeploymentSettings other) {
        return workers == other.workers
                && queueCapacity == other.queueCapacity
                && microBatching.equals(other.microBatching);
    }
}

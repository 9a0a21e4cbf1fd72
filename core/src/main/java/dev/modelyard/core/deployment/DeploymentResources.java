package dev.modelyard.core.deployment;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Map;

/**
 * How a deployment runs: prediction threads ({@code workers}), the most requests waiting or
 * running ({@code queueCapacity}; beyond, callers get 503 at once), the per-request timeout, threads
 * inside one prediction ({@code intraOpThreads}), and optional micro-batching ({@code
 * maxBatchSize} > 1 turns it on, waiting at most {@code maxBatchDelayMicros}).
 */
public record DeploymentResources(
        int workers,
        int queueCapacity,
        long timeoutMillis,
        int intraOpThreads,
        int maxBatchSize,
        long maxBatchDelayMicros) {
    public static final DeploymentResources DEFAULTS = new DeploymentResources(2, 256, 10_000, 1, 1, 0);

    public DeploymentResources {
        requireRange("workers", workers, 1, 64);
        requireRange("queue_capacity", queueCapacity, 1, 100_000);
        requireRange("timeout_ms", timeoutMillis, 1, 600_000);
        requireRange("intra_op_threads", intraOpThreads, 1, 64);
        requireRange("max_batch_size", maxBatchSize, 1, 4096);
        requireRange("max_batch_delay_us", maxBatchDelayMicros, 0, 1_000_000);
    }

    public boolean microBatching() {
        return maxBatchSize > 1;
    }

    private static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "resources." + field + " must be between " + min + " and " + max + ", got " + value,
                    Map.of("field", "resources." + field));
        }
    }
}

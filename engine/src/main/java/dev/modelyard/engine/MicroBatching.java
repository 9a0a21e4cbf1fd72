package dev.modelyard.engine;

/**
 * Micro-batching: requests with compatible inputs (same tensor names, types and non-batch
 * dimensions; batch dimension first) are concatenated along dimension 0, run as one prediction and
 * split back, so each caller gets its own rows.
 *
 * @param maxBatchSize the most rows one prediction takes; a single request with more rows runs alone
 * @param maxDelayMicros how long the first request of a batch waits for others to join it
 */
public record MicroBatching(int maxBatchSize, long maxDelayMicros) {
    public MicroBatching {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1");
        }
        if (maxDelayMicros < 0) {
            throw new IllegalArgumentException("maxDelayMicros must not be negative");
        }
    }
}

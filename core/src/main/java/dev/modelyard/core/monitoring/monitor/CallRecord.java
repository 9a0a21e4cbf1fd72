package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One recorded call as monitors read it from an inference history.
 *
 * @param failed whether the call failed (the history row has an error)
 * @param latencyMicros time in the model
 * @param input the Open Inference Protocol JSON of the input tensors; empty when not asked for
 */
public record CallRecord(
        Instant timestamp,
        boolean failed,
        long latencyMicros,
        Optional<String> userId,
        Optional<String> apiKeyId,
        Optional<String> modelVersionId,
        Optional<String> input) {
    public CallRecord {
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(apiKeyId, "apiKeyId is null");
        requireNonNull(modelVersionId, "modelVersionId is null");
        requireNonNull(input, "input is null");
    }
}

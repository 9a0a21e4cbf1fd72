package dev.modelyard.core.history;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One recorded call, one row of a history dataset. {@code input} and {@code output} are JSON
 * text (the Open Inference Protocol tensors); a failed call has an {@code error} and no output.
 *
 * @param role {@code champion}, or {@code challenger} for the shadow call of a challenger
 */
public record HistoryRecord(
        Instant timestamp,
        Optional<String> userId,
        String requestUuid,
        String deploymentId,
        String objectiveId,
        Optional<String> modelId,
        Optional<String> modelVersionId,
        Optional<String> release,
        String input,
        Optional<String> output,
        Optional<String> error,
        Optional<String> apiKeyId,
        long latencyMicros,
        String role) {
    public static final String CHAMPION = "champion";
    public static final String CHALLENGER = "challenger";

    public HistoryRecord {
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(requestUuid, "requestUuid is null");
        requireNonNull(deploymentId, "deploymentId is null");
        requireNonNull(objectiveId, "objectiveId is null");
        requireNonNull(modelId, "modelId is null");
        requireNonNull(modelVersionId, "modelVersionId is null");
        requireNonNull(release, "release is null");
        requireNonNull(input, "input is null");
        requireNonNull(output, "output is null");
        requireNonNull(error, "error is null");
        requireNonNull(apiKeyId, "apiKeyId is null");
        requireNonNull(role, "role is null");
    }

    /** The row in {@link HistorySchema#SCHEMA} order: text, {@link Instant} and {@code Long} values, null where absent. */
    public Object[] row() {
        return new Object[] {
            timestamp,
            userId.orElse(null),
            requestUuid,
            deploymentId,
            objectiveId,
            modelId.orElse(null),
            modelVersionId.orElse(null),
            release.orElse(null),
            input,
            output.orElse(null),
            error.orElse(null),
            apiKeyId.orElse(null),
            latencyMicros,
            role
        };
    }
}

package dev.modelyard.core.history;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recording of a live deployment's calls into a dataset of its project, made for it and
 * written only by Modelyard. Recording can pause and resume; removal stops it for good, and the
 * dataset stays readable but is never attached to a deployment again.
 *
 * @param samplingRate the share of calls recorded, in (0, 1]
 * @param redactedFields input names whose values are replaced by their SHA-256 before storing
 * @param durable whether calls are spooled to local disk before the answer, so none acknowledged
 *     is lost by a crash or a slow store
 */
public record InferenceHistory(
        String id,
        String deploymentId,
        String projectId,
        String datasetId,
        String datasetName,
        HistoryState state,
        double samplingRate,
        List<String> redactedFields,
        boolean durable,
        UserRef createdBy,
        Instant createdAt,
        Instant updatedAt) {
    public InferenceHistory {
        requireNonNull(id, "id is null");
        requireNonNull(deploymentId, "deploymentId is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(datasetName, "datasetName is null");
        requireNonNull(state, "state is null");
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("samplingRate must be in (0, 1]");
        }
        redactedFields = List.copyOf(requireNonNull(redactedFields, "redactedFields is null"));
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public InferenceHistory withState(HistoryState newState, Instant at) {
        return new InferenceHistory(
                id,
                deploymentId,
                projectId,
                datasetId,
                datasetName,
                newState,
                samplingRate,
                redactedFields,
                durable,
                createdBy,
                createdAt,
                at);
    }

    public Optional<Instant> removedAt() {
        return state == HistoryState.REMOVED ? Optional.of(updatedAt) : Optional.empty();
    }

    public Map<String, Object> auditState() {
        return Map.of(
                "dataset", datasetName,
                "state", state.id(),
                "sampling_rate", samplingRate,
                "redacted_fields", redactedFields,
                "durable", durable);
    }
}

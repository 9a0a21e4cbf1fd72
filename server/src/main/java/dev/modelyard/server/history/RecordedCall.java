package dev.modelyard.server.history;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.history.HistoryRecord;
import dev.modelyard.core.runtime.Tensor;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.server.inference.oip.OipJson;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * One live call as the serving path hands it over: cheap to make (no JSON yet); the tensors are
 * turned into JSON off the request path.
 */
public record RecordedCall(
        Instant timestamp,
        String requestUuid,
        String deploymentId,
        String objectiveId,
        Optional<String> userId,
        Optional<String> apiKeyId,
        Optional<Submission> submission,
        Optional<String> release,
        List<Tensor> inputs,
        List<Tensor> outputs,
        Optional<String> error,
        long latencyMicros,
        String role) {
    public RecordedCall {
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(requestUuid, "requestUuid is null");
        requireNonNull(deploymentId, "deploymentId is null");
        requireNonNull(objectiveId, "objectiveId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(apiKeyId, "apiKeyId is null");
        requireNonNull(submission, "submission is null");
        requireNonNull(release, "release is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        requireNonNull(error, "error is null");
        requireNonNull(role, "role is null");
    }

    /** The history row, with the named inputs' values replaced by their hash. */
    public HistoryRecord toRecord(List<String> redactedInputs) {
        return new HistoryRecord(
                timestamp,
                userId,
                requestUuid,
                deploymentId,
                objectiveId,
                submission.map(Submission::modelId),
                submission.map(Submission::modelVersionId),
                release,
                OipJson.tensorsJson(inputs, new HashSet<>(redactedInputs)),
                error.isPresent() ? Optional.empty() : Optional.of(OipJson.tensorsJson(outputs, java.util.Set.of())),
                error,
                apiKeyId,
                latencyMicros,
                role);
    }
}

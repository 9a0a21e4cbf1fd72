package dev.modelyard.core.submission;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of a model version submitted to an objective, numbered 1, 2, 3… per
 * objective, reviewed like a pull request. It copies everything it needs from the version
 * (artifact digest, runtime, signature, manifest), so later changes to the model cannot alter it.
 * Only {@code status} and {@code updatedAt} change, through reviews and withdrawal.
 */
public record Submission(
        String id,
        String objectiveId,
        int number,
        String modelId,
        String modelName,
        String modelVersionId,
        int modelVersionNumber,
        String digest,
        long sizeBytes,
        String runtime,
        String format,
        String fileName,
        Signature signature,
        Map<String, Object> manifest,
        Map<String, Object> metadata,
        String description,
        SubmissionStatus status,
        UserRef submittedBy,
        Instant createdAt,
        Instant updatedAt) {
    public Submission {
        requireNonNull(id, "id is null");
        requireNonNull(objectiveId, "objectiveId is null");
        if (number < 1) {
            throw new IllegalArgumentException("number must be positive");
        }
        requireNonNull(modelId, "modelId is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(modelVersionId, "modelVersionId is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(runtime, "runtime is null");
        requireNonNull(format, "format is null");
        fileName = fileName == null ? "" : fileName;
        requireNonNull(signature, "signature is null");
        manifest = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(manifest, "manifest is null")));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metadata, "metadata is null")));
        description = description == null ? "" : description;
        requireNonNull(status, "status is null");
        requireNonNull(submittedBy, "submittedBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public Submission withStatus(SubmissionStatus newStatus, Instant at) {
        return new Submission(
                id,
                objectiveId,
                number,
                modelId,
                modelName,
                modelVersionId,
                modelVersionNumber,
                digest,
                sizeBytes,
                runtime,
                format,
                fileName,
                signature,
                manifest,
                metadata,
                description,
                newStatus,
                submittedBy,
                createdAt,
                at);
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("number", number);
        state.put("model", modelName);
        state.put("model_version", modelVersionNumber);
        state.put("digest", digest);
        state.put("metadata", metadata);
        state.put("status", status.id());
        return state;
    }
}

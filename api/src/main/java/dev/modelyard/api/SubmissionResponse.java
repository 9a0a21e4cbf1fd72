package dev.modelyard.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A submission: the immutable snapshot of the model version, its metadata, status, the number of
 * distinct approvals by reviewers other than the submitter, its release (if any) and its reviews.
 */
public record SubmissionResponse(
        String id,
        String objective,
        int number,
        String model,
        int modelVersion,
        String digest,
        long sizeBytes,
        String runtime,
        String format,
        String fileName,
        SignatureResponse signature,
        Map<String, Object> manifest,
        Map<String, Object> metadata,
        String description,
        String status,
        int approvals,
        String release,
        String submittedBy,
        Instant createdAt,
        Instant updatedAt,
        List<ReviewResponse> reviews) {}

package dev.modelyard.api;

import java.time.Instant;
import java.util.List;

public record ReleaseResponse(
        String id,
        String objective,
        String version,
        int submission,
        String model,
        int modelVersion,
        String digest,
        String runtime,
        String note,
        List<String> tags,
        List<CheckResultResponse> checkResults,
        boolean deprecated,
        String deprecationReason,
        Instant deprecatedAt,
        String origin,
        String createdBy,
        Instant createdAt) {}

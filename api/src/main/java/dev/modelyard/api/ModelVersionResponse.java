package dev.modelyard.api;

import java.time.Instant;
import java.util.Map;

/** An immutable model version: its artifact digest and size, runtime, signature and manifest. */
public record ModelVersionResponse(
        String id,
        String project,
        String model,
        int number,
        String digest,
        long sizeBytes,
        String runtime,
        String format,
        String fileName,
        SignatureResponse signature,
        Map<String, Object> manifest,
        Map<String, String> properties,
        String createdBy,
        Instant createdAt) {}

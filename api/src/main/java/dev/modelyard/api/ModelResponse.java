package dev.modelyard.api;

import java.time.Instant;

public record ModelResponse(
        String id, String project, String name, String description, String createdBy, Instant createdAt) {}

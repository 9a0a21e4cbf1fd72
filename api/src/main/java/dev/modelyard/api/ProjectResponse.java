package dev.modelyard.api;

import java.time.Instant;

public record ProjectResponse(String id, String name, String description, String createdBy, Instant createdAt) {}

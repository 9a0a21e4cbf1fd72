package dev.modelyard.api;

import java.time.Instant;

public record UserResponse(String id, String name, String displayName, boolean admin, Instant createdAt) {}

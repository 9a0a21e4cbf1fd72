package dev.modelyard.api;

import java.time.Instant;

public record CreateApiKeyRequest(String name, Instant expiresAt) {}

package dev.modelyard.api;

import java.time.Instant;

/** A personal API token; the secret itself is never returned after creation. */
public record TokenResponse(
        String id, String name, String prefix, Instant createdAt, Instant expiresAt, Instant revokedAt) {}

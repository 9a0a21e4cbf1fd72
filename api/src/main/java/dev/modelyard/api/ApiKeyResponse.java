package dev.modelyard.api;

import java.time.Instant;

/** A deployment API key; its secret is never returned after creation. */
public record ApiKeyResponse(
        String id,
        String name,
        String prefix,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt) {}

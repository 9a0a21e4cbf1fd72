package dev.modelyard.api;

/** The new key and its secret, shown this once. Send it as {@code x-api-key} or {@code Authorization: Bearer}. */
public record CreateApiKeyResponse(ApiKeyResponse key, String secret) {}

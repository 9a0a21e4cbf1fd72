package dev.modelyard.api;

import java.time.Instant;

public record CreateTokenRequest(String name, Instant expiresAt) {}

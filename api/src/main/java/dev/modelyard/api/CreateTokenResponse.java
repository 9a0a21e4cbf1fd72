package dev.modelyard.api;

/** The new token and its secret, shown this once. */
public record CreateTokenResponse(TokenResponse token, String secret) {}

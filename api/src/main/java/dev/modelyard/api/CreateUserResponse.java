package dev.modelyard.api;

/** The new user and the secret of its first API token, shown this once. */
public record CreateUserResponse(UserResponse user, TokenResponse token, String secret) {}

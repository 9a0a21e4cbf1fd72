package dev.modelyard.api;

/** Creates a local account (administrators only). */
public record CreateUserRequest(String name, String displayName, Boolean admin) {}

package dev.modelyard.api;

public record DeprecateReleaseRequest(String reason) {}

package dev.modelyard.api;

/** A release a deployment has loaded, and its load state (loading, ready, failed). */
public record LoadedReleaseResponse(String release, String state, String reason) {}

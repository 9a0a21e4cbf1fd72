package dev.modelyard.api;

/** How a release check came out: outcome passed, failed or not_evaluable. */
public record CheckResultResponse(String kind, String enforcement, String outcome, String check, String message) {}

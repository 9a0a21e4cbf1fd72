package dev.modelyard.api;

/** One caller of a deployment: {@code kind} {@code user}, {@code api_key} or {@code anonymous}. */
public record UsageCallerResponse(String kind, String id, String name, long calls, long errors) {}

package dev.modelyard.api;

import java.util.Map;

/** Submits version {@code version} of model {@code model} (same project) with the objective's metadata fields. */
public record SubmitRequest(String model, Integer version, Map<String, Object> metadata, String description) {}

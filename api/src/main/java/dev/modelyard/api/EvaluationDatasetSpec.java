package dev.modelyard.api;

/**
 * An evaluation dataset: {@code policy} {@code latest} follows the newest version, {@code pinned}
 * stays on {@code version} (default when a version is given; without one it pins the newest now).
 */
public record EvaluationDatasetSpec(String dataset, String policy, Integer version) {}

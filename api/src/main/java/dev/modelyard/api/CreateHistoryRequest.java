package dev.modelyard.api;

import java.util.List;

/**
 * Starts recording a deployment's calls into a new dataset ({@code dataset}, default {@code
 * <deployment>-history}); {@code sampling_rate} in (0, 1] (default 1), {@code redacted_fields}
 * input names stored only as a hash, {@code durable} spools each call to disk before answering.
 */
public record CreateHistoryRequest(String dataset, Double samplingRate, List<String> redactedFields, Boolean durable) {}

package dev.modelyard.api;

/**
 * A deployment's challenger: a {@code release} to call, or a {@code tag} whose newest release to
 * call (exactly one); the share of calls also sent to it ({@code sampling_rate}, in (0, 1], 1 by
 * default) and how long one call may take ({@code timeout_ms}, 10000 by default). In an update,
 * absent fields keep the current challenger's values.
 */
public record ChallengerSpec(String release, String tag, Double samplingRate, Long timeoutMs) {}

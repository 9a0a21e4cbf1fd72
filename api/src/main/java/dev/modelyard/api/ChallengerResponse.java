package dev.modelyard.api;

/**
 * A deployment's challenger: its configuration ({@code release} or {@code tag}, {@code
 * sampling_rate}, {@code timeout_ms}), the release it resolves to now ({@code target_release}),
 * how it is served on this server ({@code status}, {@code status_reason}, {@code serving_release})
 * and this server's counters.
 */
public record ChallengerResponse(
        String release,
        String tag,
        double samplingRate,
        long timeoutMs,
        String targetRelease,
        String status,
        String statusReason,
        String servingRelease,
        ChallengerCountersResponse counters) {}

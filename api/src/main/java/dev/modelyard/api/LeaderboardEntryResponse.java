package dev.modelyard.api;

import java.time.Instant;
import java.util.Map;

/**
 * One submission on the leaderboard: rank (null when it has no value), its model, status,
 * release, metadata fields and metric values; {@code evaluation} says what its evaluation is doing
 * when it has no value.
 */
public record LeaderboardEntryResponse(
        Integer rank,
        int submission,
        String model,
        int modelVersion,
        String status,
        String release,
        String submittedBy,
        Instant submittedAt,
        Map<String, Object> metadata,
        Map<String, Double> values,
        String metricSetId,
        String evaluation) {}

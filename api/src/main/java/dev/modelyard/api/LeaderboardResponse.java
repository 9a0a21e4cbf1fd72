package dev.modelyard.api;

import java.util.List;

/** Submissions ranked by the primary metric on one dataset version and subset (null: all rows). */
public record LeaderboardResponse(
        String objective,
        String dataset,
        int datasetVersion,
        String subset,
        MetricSpec primaryMetric,
        List<MetricSpec> metrics,
        List<LeaderboardEntryResponse> entries) {}

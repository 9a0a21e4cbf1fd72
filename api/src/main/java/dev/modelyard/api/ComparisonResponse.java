package dev.modelyard.api;

import java.util.List;

/** Two submissions metric by metric; {@code difference} is second − first. */
public record ComparisonResponse(
        String dataset,
        int datasetVersion,
        String subset,
        int first,
        int second,
        String firstMetricSet,
        String secondMetricSet,
        List<Row> rows) {
    /** One metric; {@code better} is first, second, equal, or null when it cannot be said. */
    public record Row(String metric, String direction, Double first, Double second, Double difference, String better) {}
}

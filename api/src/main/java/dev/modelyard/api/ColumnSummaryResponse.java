package dev.modelyard.api;

import java.util.List;
import java.util.Map;

/**
 * Statistics of one column: non-null count, nulls, a distinct-count estimate, min and max, and for
 * numeric columns mean, sample standard deviation and quantiles ({@code p01} … {@code p99}); the
 * most frequent values with their counts.
 */
public record ColumnSummaryResponse(
        String name,
        String type,
        long count,
        long nulls,
        long distinctEstimate,
        Object min,
        Object max,
        Double mean,
        Double std,
        Map<String, Double> quantiles,
        List<ValueCountResponse> topValues) {}

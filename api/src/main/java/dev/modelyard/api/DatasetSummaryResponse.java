package dev.modelyard.api;

import java.util.List;

/** Per-column statistics of a version; quantiles are exact when {@code quantiles_exact}, else approximate. */
public record DatasetSummaryResponse(
        String project,
        String dataset,
        int version,
        long rowCount,
        boolean quantilesExact,
        List<ColumnSummaryResponse> columns) {}

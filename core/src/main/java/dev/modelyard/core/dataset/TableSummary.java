package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Per-column statistics of a version. Quantiles are exact up to a number of rows the engine sets
 * and approximate (t-digest) above; {@code quantilesExact} says which applies.
 */
public record TableSummary(long rowCount, boolean quantilesExact, List<ColumnSummary> columns) {
    public TableSummary {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }
}

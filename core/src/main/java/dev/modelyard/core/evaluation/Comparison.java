package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Two submissions metric by metric on one dataset version and subset.
 *
 * @param rows one per metric either set has, the objective's metrics first
 */
public record Comparison(
        String datasetName,
        int datasetVersion,
        Optional<String> subset,
        MetricSetRecord first,
        MetricSetRecord second,
        List<Row> rows) {
    public Comparison {
        requireNonNull(datasetName, "datasetName is null");
        requireNonNull(subset, "subset is null");
        requireNonNull(first, "first is null");
        requireNonNull(second, "second is null");
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }

    /**
     * One metric: both values (empty where undefined or absent), {@code second − first}, and which
     * is better ({@code first}, {@code second}, {@code equal}; empty when that cannot be said).
     */
    public record Row(
            String metric,
            Optional<String> direction,
            OptionalDouble first,
            OptionalDouble second,
            OptionalDouble difference,
            Optional<String> better) {
        public Row {
            requireNonNull(metric, "metric is null");
            requireNonNull(direction, "direction is null");
            requireNonNull(first, "first is null");
            requireNonNull(second, "second is null");
            requireNonNull(difference, "difference is null");
            requireNonNull(better, "better is null");
        }
    }
}

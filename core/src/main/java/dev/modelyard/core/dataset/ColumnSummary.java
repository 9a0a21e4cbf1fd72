package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Summary statistics of one column. {@code count} counts non-null values; min and max follow the
 * column's order (values as in {@link TablePreview}); mean, standard deviation (sample) and
 * quantiles are for numeric columns only; {@code distinctEstimate} is a HyperLogLog estimate;
 * {@code topValues} are the most frequent non-null values, most frequent first.
 */
public record ColumnSummary(
        Column column,
        long count,
        long nulls,
        long distinctEstimate,
        Optional<Object> min,
        Optional<Object> max,
        OptionalDouble mean,
        OptionalDouble std,
        Map<String, Double> quantiles,
        List<ValueCount> topValues) {
    public ColumnSummary {
        requireNonNull(column, "column is null");
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
        requireNonNull(mean, "mean is null");
        requireNonNull(std, "std is null");
        quantiles = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(quantiles, "quantiles is null")));
        topValues = List.copyOf(requireNonNull(topValues, "topValues is null"));
    }

    /** A value and how many rows hold it. */
    public record ValueCount(Object value, long count) {
        public ValueCount {
            requireNonNull(value, "value is null");
        }
    }
}

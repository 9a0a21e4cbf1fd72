package dev.modelyard.core.evaluation.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The metrics of one evaluation.
 *
 * @param values metric name to value, in the order of {@code MetricCatalog}; never NaN
 * @param undefined metric or chart name to the reason it has no value (scikit-learn raises or
 *     returns NaN for the same input); such a name is absent from {@code values} or {@code charts}
 * @param charts chart name to chart data
 * @param confusionMatrix {@code [true class][predicted class]} counts; {@code [[tn, fp], [fn, tp]]}
 *     for binary classification, k×k for k classes, empty ({@code long[0][]}) for regression
 */
public record MetricSet(
        Map<String, Double> values,
        Map<String, String> undefined,
        Map<String, Chart> charts,
        long[][] confusionMatrix) {

    public MetricSet {
        values = orderedCopy(requireNonNull(values, "values is null"));
        undefined = orderedCopy(requireNonNull(undefined, "undefined is null"));
        charts = orderedCopy(requireNonNull(charts, "charts is null"));
        for (Map.Entry<String, Double> metric : values.entrySet()) {
            if (metric.getValue().isNaN()) {
                throw new IllegalArgumentException(
                        "metric '" + metric.getKey() + "' is NaN; give a reason in undefined instead");
            }
            if (undefined.containsKey(metric.getKey())) {
                throw new IllegalArgumentException("metric '" + metric.getKey() + "' is both defined and undefined");
            }
        }
        confusionMatrix = deepCopy(requireNonNull(confusionMatrix, "confusionMatrix is null"));
    }

    /** The value of a metric, empty when it is undefined or not computed for this task. */
    public OptionalDouble value(String metric) {
        Double value = values.get(requireNonNull(metric, "metric is null"));
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    @Override
    public long[][] confusionMatrix() {
        return deepCopy(confusionMatrix);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetricSet that
                && values.equals(that.values)
                && undefined.equals(that.undefined)
                && charts.equals(that.charts)
                && Arrays.deepEquals(confusionMatrix, that.confusionMatrix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, undefined, charts, Arrays.deepHashCode(confusionMatrix));
    }

    @Override
    public String toString() {
        return "MetricSet[values=" + values + ", undefined=" + undefined + ", charts=" + charts.keySet()
                + ", confusionMatrix=" + Arrays.deepToString(confusionMatrix) + "]";
    }

    private static <V> Map<String, V> orderedCopy(Map<String, V> map) {
        Map<String, V> copy = new LinkedHashMap<>();
        map.forEach(
                (key, value) -> copy.put(requireNonNull(key, "name is null"), requireNonNull(value, key + " is null")));
        return Collections.unmodifiableMap(copy);
    }

    private static long[][] deepCopy(long[][] matrix) {
        long[][] copy = new long[matrix.length][];
        for (int row = 0; row < matrix.length; row++) {
            copy[row] =
                    requireNonNull(matrix[row], "confusion matrix row is null").clone();
        }
        return copy;
    }
}

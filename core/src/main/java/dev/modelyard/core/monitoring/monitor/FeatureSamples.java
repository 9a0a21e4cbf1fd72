package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of input features over some rows, as drift needs them: numbers per numeric feature,
 * categories per categorical one. A feature seen with both numbers and text is "mixed" and left out
 * of drift. Not thread-safe.
 */
public final class FeatureSamples {
    private final Map<String, double[]> numbers = new LinkedHashMap<>();
    private final Map<String, Integer> numberCounts = new LinkedHashMap<>();
    private final Map<String, List<String>> categories = new LinkedHashMap<>();
    private final Set<String> order = new LinkedHashSet<>();
    private long rows;
    private long skippedValues;

    /** Counts one more row (call or dataset row) whose features were added. */
    public void addRows(long count) {
        rows += count;
    }

    public void addNumber(String feature, double value) {
        requireNonNull(feature, "feature is null");
        if (!Double.isFinite(value)) {
            skippedValues++;
            return;
        }
        order.add(feature);
        double[] values = numbers.computeIfAbsent(feature, name -> new double[16]);
        int count = numberCounts.getOrDefault(feature, 0);
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
            numbers.put(feature, values);
        }
        values[count] = value;
        numberCounts.put(feature, count + 1);
    }

    public void addCategory(String feature, String value) {
        requireNonNull(feature, "feature is null");
        requireNonNull(value, "value is null");
        order.add(feature);
        categories.computeIfAbsent(feature, name -> new ArrayList<>()).add(value);
    }

    /** Counts a value that could not be used (not finite, null). */
    public void skipValue() {
        skippedValues++;
    }

    /** Rows added. */
    public long rows() {
        return rows;
    }

    public long skippedValues() {
        return skippedValues;
    }

    /** Every feature seen, in the order first seen. */
    public List<String> features() {
        return List.copyOf(order);
    }

    public boolean has(String feature) {
        return order.contains(feature);
    }

    public boolean isNumeric(String feature) {
        return numbers.containsKey(feature) && !categories.containsKey(feature);
    }

    public boolean isCategorical(String feature) {
        return categories.containsKey(feature) && !numbers.containsKey(feature);
    }

    /** A numeric feature's values (a copy). */
    public double[] numbers(String feature) {
        double[] values = numbers.get(feature);
        return values == null ? new double[0] : Arrays.copyOf(values, numberCounts.get(feature));
    }

    /** A categorical feature's values. */
    public List<String> categories(String feature) {
        return List.copyOf(categories.getOrDefault(feature, List.of()));
    }
}

package dev.modelyard.core.evaluation.filter;

import dev.modelyard.core.evaluation.filter.Literal.BooleanLiteral;
import dev.modelyard.core.evaluation.filter.Literal.NumberLiteral;
import dev.modelyard.core.evaluation.filter.Literal.StringLiteral;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The values of an {@code in} list, prepared once at parse time for each kind of column: numbers
 * as a sorted {@code double[]} searched by bisection, strings in a hash set, dates and times as
 * sorted seconds and nanoseconds searched by bisection. A lookup makes no objects.
 */
final class ValueSet {
    private final double[] numbers;
    private final Set<String> strings;
    private final long[] epochSeconds;
    private final int[] nanos;
    private final boolean containsTrue;
    private final boolean containsFalse;

    private ValueSet(
            double[] numbers,
            Set<String> strings,
            long[] epochSeconds,
            int[] nanos,
            boolean containsTrue,
            boolean containsFalse) {
        this.numbers = numbers;
        this.strings = strings;
        this.epochSeconds = epochSeconds;
        this.nanos = nanos;
        this.containsTrue = containsTrue;
        this.containsFalse = containsFalse;
    }

    /** Every literal of the list by kind; a literal of a kind the column lacks is left to validation. */
    static ValueSet of(List<Literal> literals) {
        List<Double> numbers = new ArrayList<>();
        Set<String> strings = new HashSet<>();
        List<TemporalValue> temporals = new ArrayList<>();
        boolean containsTrue = false;
        boolean containsFalse = false;
        for (Literal literal : literals) {
            if (literal instanceof NumberLiteral number) {
                numbers.add(number.value() + 0.0); // -0.0 becomes 0.0, so that -0 finds 0
            } else if (literal instanceof StringLiteral string) {
                strings.add(string.value());
                if (string.temporal() != null) {
                    temporals.add(string.temporal());
                }
            } else if (literal instanceof BooleanLiteral booleanLiteral) {
                containsTrue |= booleanLiteral.value();
                containsFalse |= !booleanLiteral.value();
            }
        }
        double[] sortedNumbers =
                numbers.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        temporals.sort(Comparator.comparingLong(TemporalValue::epochSecond).thenComparingInt(TemporalValue::nano));
        long[] epochSeconds =
                temporals.stream().mapToLong(TemporalValue::epochSecond).toArray();
        int[] nanos = temporals.stream().mapToInt(TemporalValue::nano).toArray();
        return new ValueSet(sortedNumbers, Set.copyOf(strings), epochSeconds, nanos, containsTrue, containsFalse);
    }

    /** Whether the list holds the number; NaN is in no list, and 0.0 and -0.0 are the same. */
    boolean containsNumber(double value) {
        return !Double.isNaN(value) && Arrays.binarySearch(numbers, value + 0.0) >= 0;
    }

    /** Whether the list holds exactly this string. */
    boolean containsString(String value) {
        return strings.contains(value);
    }

    /** Whether the list holds this point in time. */
    boolean containsInstant(long epochSecond, int nano) {
        int low = 0;
        int high = epochSeconds.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int comparison = TemporalValue.compare(epochSeconds[middle], nanos[middle], epochSecond, nano);
            if (comparison < 0) {
                low = middle + 1;
            } else if (comparison > 0) {
                high = middle - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    boolean containsBoolean(boolean value) {
        return value ? containsTrue : containsFalse;
    }
}

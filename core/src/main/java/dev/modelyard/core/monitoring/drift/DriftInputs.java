package dev.modelyard.core.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/** Checks and small numeric helpers shared by the drift statistics. */
final class DriftInputs {
    private DriftInputs() {}

    /**
     * Rejects a missing or empty sample and any value that is not finite, naming the sample and the
     * first bad index.
     */
    static void requireFiniteSample(String name, double[] values) {
        requireNonNull(values, name + " is null");
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " is empty: drift statistics need at least one value");
        }
        for (int i = 0; i < values.length; i++) {
            double value = values[i];
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + value
                        + ": drift statistics need finite values (drop or impute missing values first)");
            }
        }
    }

    /** A sorted copy; the caller's array is left alone. */
    static double[] sortedCopy(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /** The population standard deviation (ddof 0), as {@code numpy.std}: two passes, compensated sums. */
    static double populationStandardDeviation(double[] values) {
        CompensatedSum sum = new CompensatedSum();
        for (double value : values) {
            sum.add(value);
        }
        double mean = sum.value() / values.length;
        CompensatedSum squares = new CompensatedSum();
        for (double value : values) {
            double deviation = value - mean;
            squares.add(deviation * deviation);
        }
        return Math.sqrt(squares.value() / values.length);
    }

    /** Neumaier's compensated sum: the rounding errors of the additions are kept and added back. */
    static final class CompensatedSum {
        private double sum;
        private double compensation;

        void add(double value) {
            double total = sum + value;
            if (Math.abs(sum) >= Math.abs(value)) {
                compensation += (sum - total) + value;
            } else {
                compensation += (value - total) + sum;
            }
            sum = total;
        }

        /** The rounded running sum, without the compensation. */
        double sum() {
            return sum;
        }

        /** The accumulated rounding error that {@link #sum()} lacks. */
        double compensation() {
            return compensation;
        }

        /** The sum; an infinite or NaN running sum is returned as it is (its compensation is NaN). */
        double value() {
            return Double.isFinite(sum) ? sum + compensation : sum;
        }
    }
}

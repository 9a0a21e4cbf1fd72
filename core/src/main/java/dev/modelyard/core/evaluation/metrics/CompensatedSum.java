package dev.modelyard.core.evaluation.metrics;

/**
 * Neumaier's compensated sum, used to add up per-batch sums: one batch gives back its own sum
 * unchanged, and many batches lose no more than a rounding or two of the total.
 */
final class CompensatedSum {
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

    double value() {
        return sum + compensation;
    }
}

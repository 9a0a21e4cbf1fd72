package dev.modelyard.core.monitoring.drift;

import static java.util.Objects.requireNonNull;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Pearson's chi-squared goodness-of-fit test, as {@code scipy.stats.chisquare(f_obs, f_exp)} with
 * {@code ddof=0}: statistic {@code Σ (observed − expected)² / expected}, p-value the chi-squared
 * survival function with {@code k − 1} degrees of freedom (Commons Statistics; scipy uses cephes'
 * {@code chdtrc}; both agree far within 1e-9).
 *
 * <p>Where scipy has no finite answer this class gives the same: an expected count of 0 with an
 * observed count above 0 (a category the baseline never had) makes the statistic infinite and the
 * p-value 0; one category (0 degrees of freedom) gives statistic 0 and p-value NaN.
 */
public final class ChiSquared {
    /** scipy's {@code sum_check}: the observed and expected totals must agree to √ε relatively. */
    private static final double TOTALS_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    private ChiSquared() {}

    /**
     * The result of a goodness-of-fit test.
     *
     * @param statistic Pearson's statistic; infinite when an expected count is 0 but observed
     * @param pValue the upper-tail probability; 0 for an infinite statistic, NaN for 0 degrees of
     *     freedom
     * @param degreesOfFreedom the number of categories minus one
     */
    public record Result(double statistic, double pValue, int degreesOfFreedom) {}

    /**
     * Tests observed counts against expected counts, category by category. Both arrays have one
     * entry per category, non-negative and finite, and the same total (relative 1.5e-8, as scipy
     * requires).
     */
    public static Result goodnessOfFit(double[] observed, double[] expected) {
        requireNonNull(observed, "observed is null");
        requireNonNull(expected, "expected is null");
        if (observed.length == 0) {
            throw new IllegalArgumentException("observed is empty: the test needs at least one category");
        }
        if (observed.length != expected.length) {
            throw new IllegalArgumentException(
                    "observed has " + observed.length + " categories but expected has " + expected.length);
        }
        requireCounts("observed", observed);
        requireCounts("expected", expected);
        DriftInputs.CompensatedSum observedTotal = new DriftInputs.CompensatedSum();
        DriftInputs.CompensatedSum expectedTotal = new DriftInputs.CompensatedSum();
        for (int i = 0; i < observed.length; i++) {
            observedTotal.add(observed[i]);
            expectedTotal.add(expected[i]);
        }
        double difference = Math.abs(observedTotal.value() - expectedTotal.value())
                / Math.min(observedTotal.value(), expectedTotal.value());
        if (difference > TOTALS_TOLERANCE) {
            throw new IllegalArgumentException("observed and expected totals differ (" + observedTotal.value() + " and "
                    + expectedTotal.value() + "): expected counts must add up to the observed total");
        }

        DriftInputs.CompensatedSum statistic = new DriftInputs.CompensatedSum();
        for (int i = 0; i < observed.length; i++) {
            double deviation = observed[i] - expected[i];
            statistic.add(deviation * deviation / expected[i]);
        }
        double value = statistic.value();
        int degreesOfFreedom = observed.length - 1;
        return new Result(value, survival(value, degreesOfFreedom), degreesOfFreedom);
    }

    private static double survival(double statistic, int degreesOfFreedom) {
        if (degreesOfFreedom < 1 || Double.isNaN(statistic)) {
            return Double.NaN;
        }
        if (statistic == Double.POSITIVE_INFINITY) {
            return 0.0;
        }
        return ChiSquaredDistribution.of(degreesOfFreedom).survivalProbability(statistic);
    }

    private static void requireCounts(String name, double[] counts) {
        for (int i = 0; i < counts.length; i++) {
            if (!(counts[i] >= 0) || counts[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] is " + counts[i] + ": counts must be finite and not negative");
            }
        }
    }
}

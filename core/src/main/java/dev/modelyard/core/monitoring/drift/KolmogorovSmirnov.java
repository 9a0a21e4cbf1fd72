package dev.modelyard.core.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * The two-sample Kolmogorov–Smirnov test, two-sided, as {@code scipy.stats.ks_2samp(a, b)} computes
 * it in scipy 1.17 with its defaults ({@code alternative='two-sided'}, {@code method='auto'}).
 *
 * <ul>
 *   <li>Statistic: {@code D = max |F_a(x) − F_b(x)|} over the pooled values, with each empirical CDF
 *       counting the values {@code <= x} (ties handled as in scipy's {@code searchsorted(side='right')}).
 *   <li>Exact p-value when {@code max(n1, n2) <= 10,000}: D is first rounded to the lattice
 *       {@code h / lcm(n1, n2)} (and that rounded D is reported, as scipy does); equal sizes use
 *       {@code _compute_prob_outside_square}, unequal sizes the "inside method" with Viehmann's
 *       recursion for {@code 1 − p} ({@code _compute_outer_prob_inside_method}). If the result is not
 *       a probability, scipy warns and falls back to the asymptotic p-value; so does this class.
 *   <li>Asymptotic p-value otherwise: {@code kstwo.sf(D, round(n1·n2 / (n1 + n2)))}, see
 *       {@link KolmogorovDistribution}.
 * </ul>
 *
 * <p>The test is symmetric: swapping the samples gives the same statistic and p-value. Inputs must be
 * non-empty and finite; they are not modified.
 */
public final class KolmogorovSmirnov {
    /** scipy's {@code MAX_AUTO_N}: the largest sample size for which the exact p-value is used. */
    public static final int MAXIMUM_EXACT_SIZE = 10_000;

    private KolmogorovSmirnov() {}

    /** How the p-value was computed. */
    public enum PValueMethod {
        /** The exact distribution of D under the null hypothesis (both samples at most 10,000). */
        EXACT,
        /** The distribution of the one-sample statistic for {@code n = round(n1·n2 / (n1 + n2))}. */
        ASYMPTOTIC
    }

    /**
     * The result of a two-sample test.
     *
     * @param statistic D, in [0, 1]
     * @param pValue the two-sided p-value, in [0, 1]
     * @param pValueMethod exact or asymptotic, chosen as scipy's {@code method='auto'} chooses
     */
    public record Result(double statistic, double pValue, PValueMethod pValueMethod) {
        public Result {
            requireNonNull(pValueMethod, "pValueMethod is null");
        }
    }

    /** The two-sided two-sample test of {@code baseline} against {@code current}. */
    public static Result twoSample(double[] baseline, double[] current) {
        DriftInputs.requireFiniteSample("baseline", baseline);
        DriftInputs.requireFiniteSample("current", current);
        return twoSampleSorted(DriftInputs.sortedCopy(baseline), DriftInputs.sortedCopy(current));
    }

    /** The test on samples that are already sorted ascending and checked. */
    static Result twoSampleSorted(double[] first, double[] second) {
        int n1 = first.length;
        int n2 = second.length;
        double statistic = statistic(first, second);
        boolean exact = Math.max(n1, n2) <= MAXIMUM_EXACT_SIZE;
        if (exact) {
            long gcd = greatestCommonDivisor(n1, n2);
            long lcm = (n1 / gcd) * n2;
            long h = (long) Math.rint(statistic * lcm);
            statistic = h * 1.0 / lcm;
            double pValue = exactPValue(n1, n2, h);
            if (pValue >= 0 && pValue <= 1) {
                return new Result(statistic, pValue, PValueMethod.EXACT);
            }
            // scipy: "Exact calculation unsuccessful. Switching to method=asymp."
        }
        return new Result(statistic, asymptoticPValue(n1, n2, statistic), PValueMethod.ASYMPTOTIC);
    }

    /**
     * D for two sorted samples: the largest of {@code max(F1 − F2)} and {@code max(F2 − F1)} clipped
     * to [0, 1], evaluated at every pooled value.
     */
    private static double statistic(double[] first, double[] second) {
        int n1 = first.length;
        int n2 = second.length;
        double largest = Double.NEGATIVE_INFINITY;
        double smallest = Double.POSITIVE_INFINITY;
        int i = 0;
        int j = 0;
        while (i < n1 || j < n2) {
            double value;
            if (j >= n2 || (i < n1 && first[i] <= second[j])) {
                value = first[i];
            } else {
                value = second[j];
            }
            while (i < n1 && first[i] <= value) {
                i++;
            }
            while (j < n2 && second[j] <= value) {
                j++;
            }
            double difference = (double) i / n1 - (double) j / n2;
            largest = Math.max(largest, difference);
            smallest = Math.min(smallest, difference);
        }
        double minimumSide = Math.min(1.0, Math.max(0.0, -smallest));
        return minimumSide > largest ? minimumSide : largest;
    }

    /**
     * The exact two-sided p-value {@code P(D >= h / lcm(n1, n2))}, as scipy's
     * {@code _attempt_exact_2kssamp}; NaN or a value outside [0, 1] means the computation failed.
     */
    static double exactPValue(int n1, int n2, long h) {
        if (h == 0) {
            return 1.0;
        }
        if (n1 == n2) {
            return probabilityOutsideSquare(n1, h);
        }
        return outerProbabilityInsideMethod(n1, n2, greatestCommonDivisor(n1, n2), h);
    }

    /**
     * {@code P(D_{n,n} >= h/n)}: twice the alternating sum of {@code C(2n, n − kh) / C(2n, n)},
     * evaluated in Horner form to avoid cancellation.
     */
    private static double probabilityOutsideSquare(long n, long h) {
        double p = 0.0;
        long k = (long) Math.floor((double) n / h);
        while (k >= 0) {
            double term = 1.0;
            for (long j = 0; j < h; j++) {
                term = (double) (n - k * h - j) * term / (double) (n + k * h + j + 1);
            }
            p = term * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    /**
     * The proportion of lattice paths from (0, 0) to (m, n) that leave the band
     * {@code |x/m − y/n| < h / lcm(m, n)}, computed directly (not as 1 − inside) by Viehmann's
     * recursion, one column at a time over a sliding window.
     */
    private static double outerProbabilityInsideMethod(long first, long second, long gcd, long h) {
        long m = Math.max(first, second);
        long n = Math.min(first, second);
        long mg = m / gcd;
        long ng = n / gcd;
        int minimumJ = 0;
        int maximumJ = (int) Math.min((long) Math.ceil((double) h / mg), n + 1);
        int currentLength = maximumJ - minimumJ;
        int windowLength = (int) Math.min(2L * maximumJ + 2, n + 1);
        double[] window = new double[windowLength];
        Arrays.fill(window, 1.0);
        Arrays.fill(window, minimumJ, Math.min(maximumJ, windowLength), 0.0);
        for (long i = 1; i <= m; i++) {
            int lastMinimumJ = minimumJ;
            int lastLength = currentLength;
            minimumJ = (int) Math.max((long) Math.floor((double) (ng * i - h) / mg) + 1, 0);
            minimumJ = (int) Math.min(minimumJ, n);
            maximumJ = (int) Math.min((long) Math.ceil((double) (ng * i + h) / mg), n + 1);
            if (maximumJ <= minimumJ) {
                return 1.0;
            }
            double value = minimumJ == 0 ? 0.0 : 1.0;
            for (int offset = 0; offset < maximumJ - minimumJ; offset++) {
                int j = offset + minimumJ;
                value = (window[offset + minimumJ - lastMinimumJ] * i + value * j) / (i + j);
                window[offset] = value;
            }
            currentLength = maximumJ - minimumJ;
            if (lastLength > currentLength) {
                int from = maximumJ - minimumJ;
                int to = Math.min(from + (lastLength - currentLength), windowLength);
                Arrays.fill(window, from, to, 1.0);
            }
        }
        return window[maximumJ - minimumJ - 1];
    }

    /** {@code kstwo.sf(d, round(m·n / (m + n)))} with m the larger size, as scipy computes it. */
    static double asymptoticPValue(long n1, long n2, double statistic) {
        double m = Math.max(n1, n2);
        double n = Math.min(n1, n2);
        double effectiveSize = m * n / (m + n);
        return KolmogorovDistribution.twoSidedSurvival((long) Math.rint(effectiveSize), statistic);
    }

    private static long greatestCommonDivisor(long a, long b) {
        while (b != 0) {
            long remainder = a % b;
            a = b;
            b = remainder;
        }
        return a;
    }
}

package dev.modelyard.core.monitoring.drift;

/**
 * The first Wasserstein (earth mover's) distance between two one-dimensional samples, as
 * {@code scipy.stats.wasserstein_distance(u, v)} computes it without weights: the integral of
 * {@code |F_u(x) − F_v(x)|} over x, i.e. the sum over consecutive pooled values of the CDF gap times
 * the step. It is in the unit of the values.
 *
 * <p>{@link #normalizedDistance} divides it by the baseline's population standard deviation
 * ({@code numpy.std(baseline)}, ddof 0) so one threshold fits features of any scale; it is undefined
 * (NaN) when the baseline is constant. Inputs must be non-empty and finite; they are not modified.
 */
public final class Wasserstein {
    private Wasserstein() {}

    /** {@code scipy.stats.wasserstein_distance(u, v)}. */
    public static double distance(double[] u, double[] v) {
        DriftInputs.requireFiniteSample("u", u);
        DriftInputs.requireFiniteSample("v", v);
        return distanceSorted(DriftInputs.sortedCopy(u), DriftInputs.sortedCopy(v));
    }

    /**
     * {@code wasserstein_distance(baseline, current) / numpy.std(baseline)}; NaN when the baseline's
     * standard deviation is 0.
     */
    public static double normalizedDistance(double[] baseline, double[] current) {
        DriftInputs.requireFiniteSample("baseline", baseline);
        DriftInputs.requireFiniteSample("current", current);
        double standardDeviation = DriftInputs.populationStandardDeviation(baseline);
        if (standardDeviation == 0) {
            return Double.NaN;
        }
        return distanceSorted(DriftInputs.sortedCopy(baseline), DriftInputs.sortedCopy(current)) / standardDeviation;
    }

    /** The distance between two samples that are already sorted ascending and checked. */
    static double distanceSorted(double[] u, double[] v) {
        int nu = u.length;
        int nv = v.length;
        DriftInputs.CompensatedSum sum = new DriftInputs.CompensatedSum();
        int i = 0;
        int j = 0;
        while (i < nu || j < nv) {
            double value = nextValue(u, i, v, j);
            while (i < nu && u[i] <= value) {
                i++;
            }
            while (j < nv && v[j] <= value) {
                j++;
            }
            if (i == nu && j == nv) {
                break;
            }
            double next = nextValue(u, i, v, j);
            double gap = Math.abs((double) i / nu - (double) j / nv);
            sum.add(gap * (next - value));
        }
        return sum.value();
    }

    private static double nextValue(double[] u, int i, double[] v, int j) {
        if (j >= v.length || (i < u.length && u[i] <= v[j])) {
            return u[i];
        }
        return v[j];
    }
}

package dev.modelyard.core.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A baseline and a current sample counted in the same bins, and the distances between the two
 * histograms: the population stability index (PSI), the Jensen–Shannon distance and, for categories,
 * Pearson's chi-squared test.
 *
 * <h2>Numeric bins</h2>
 *
 * Ten bins split at the baseline's deciles: {@code edges = numpy.quantile(baseline, [0.1, …, 0.9])}
 * with numpy's default linear interpolation. Bin i holds the values in {@code (edges[i−1], edges[i]]};
 * the first and the last bin are open-ended, so every current value lands in a bin. A value equal to
 * an edge goes to the lower bin ({@code numpy.searchsorted(edges, x, side='left')}). Ties in the
 * baseline can repeat an edge, which leaves the bins between the repeats empty.
 *
 * <h2>Categorical bins</h2>
 *
 * One bin per category: the baseline's categories in their order, then the categories that only the
 * current sample has ({@link #newCategories()}), in the order they first appear. A category counted 0
 * on both sides gets no bin (it would make the chi-squared statistic 0/0).
 *
 * <h2>Distances</h2>
 *
 * <ul>
 *   <li>PSI: {@code Σ (c − b)·ln(c / b)} over the bins' proportions b (baseline) and c (current),
 *       where a proportion of exactly 0 is replaced by {@value #EMPTY_BIN_PROPORTION} first. The
 *       smoothed proportions are not renormalised, so they can add up to slightly more than 1.
 *   <li>Jensen–Shannon distance: {@code scipy.spatial.distance.jensenshannon(b, c)} with the natural
 *       logarithm: the square root of the mean of the Kullback–Leibler divergences of b and c from
 *       their midpoint. No smoothing (empty bins contribute 0). It lies in [0, √ln 2 ≈ 0.8326].
 *   <li>Chi-squared: {@code scipy.stats.chisquare(f_obs=current counts, f_exp=b × current total)};
 *       see {@link ChiSquared} for the new-category and single-category cases.
 * </ul>
 */
public final class BinnedDistributions {
    /** The proportion that stands in for an empty bin in the PSI. */
    public static final double EMPTY_BIN_PROPORTION = 1e-4;

    private static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    private final List<String> labels;
    private final double[] edges;
    private final double[] baselineCounts;
    private final double[] currentCounts;
    private final List<String> newCategories;

    private BinnedDistributions(
            List<String> labels,
            double[] edges,
            double[] baselineCounts,
            double[] currentCounts,
            List<String> newCategories) {
        this.labels = List.copyOf(labels);
        this.edges = edges;
        this.baselineCounts = baselineCounts;
        this.currentCounts = currentCounts;
        this.newCategories = List.copyOf(newCategories);
        if (sum(baselineCounts) <= 0) {
            throw new IllegalArgumentException("baseline is empty: binned distances need at least one value");
        }
        if (sum(currentCounts) <= 0) {
            throw new IllegalArgumentException("current is empty: binned distances need at least one value");
        }
    }

    /** Numeric samples in ten bins at the baseline's deciles. Inputs must be non-empty and finite. */
    public static BinnedDistributions numeric(double[] baseline, double[] current) {
        DriftInputs.requireFiniteSample("baseline", baseline);
        DriftInputs.requireFiniteSample("current", current);
        return numericSorted(DriftInputs.sortedCopy(baseline), current);
    }

    /** Numeric bins for a sorted, checked baseline and a checked current sample (any order). */
    static BinnedDistributions numericSorted(double[] sortedBaseline, double[] current) {
        double[] edges = decileEdges(sortedBaseline);
        double[] baselineCounts = new double[edges.length + 1];
        for (double value : sortedBaseline) {
            baselineCounts[binOf(edges, value)]++;
        }
        double[] currentCounts = new double[edges.length + 1];
        for (double value : current) {
            currentCounts[binOf(edges, value)]++;
        }
        return fromEdges(edges, baselineCounts, currentCounts);
    }

    /** Numeric bins whose counts were found elsewhere (for example estimated from sketches). */
    static BinnedDistributions fromEdges(double[] edges, double[] baselineCounts, double[] currentCounts) {
        List<String> labels = new ArrayList<>();
        for (int bin = 0; bin <= edges.length; bin++) {
            String lower = bin == 0 ? "(-inf" : "(" + edges[bin - 1];
            String upper = bin == edges.length ? "+inf)" : edges[bin] + "]";
            labels.add(lower + ", " + upper);
        }
        return new BinnedDistributions(labels, edges.clone(), baselineCounts, currentCounts, List.of());
    }

    /** The quantiles at 0.1 … 0.9 of a sorted sample, as {@code numpy.quantile}'s linear method. */
    static double[] decileEdges(double[] sortedValues) {
        double[] edges = new double[DECILES.length];
        for (int i = 0; i < DECILES.length; i++) {
            edges[i] = linearQuantile(sortedValues, DECILES[i]);
        }
        return edges;
    }

    /** The deciles 0.1 … 0.9 that split the numeric bins. */
    static double[] deciles() {
        return DECILES.clone();
    }

    /**
     * numpy's {@code quantile(values, q, method='linear')}: index {@code (n − 1)·q}, interpolated
     * between its neighbours with numpy's {@code _lerp} (computed from the upper neighbour when the
     * fraction is at least one half).
     */
    static double linearQuantile(double[] sortedValues, double q) {
        int n = sortedValues.length;
        double virtualIndex = (n - 1) * q;
        if (virtualIndex >= n - 1) {
            return sortedValues[n - 1];
        }
        double lowerIndex = Math.floor(virtualIndex);
        double gamma = virtualIndex - lowerIndex;
        double lower = sortedValues[(int) lowerIndex];
        double upper = sortedValues[(int) lowerIndex + 1];
        double difference = upper - lower;
        if (gamma >= 0.5) {
            return upper - difference * (1 - gamma);
        }
        return lower + difference * gamma;
    }

    /** The number of edges strictly below the value: {@code numpy.searchsorted(edges, value, 'left')}. */
    static int binOf(double[] edges, double value) {
        int low = 0;
        int high = edges.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (edges[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Categorical samples given as one value per row. Categories are compared with
     * {@link String#equals}; a null value is rejected (map missing values to a category of their
     * own first).
     */
    public static BinnedDistributions categoricalValues(Collection<String> baseline, Collection<String> current) {
        return categorical(countValues("baseline", baseline), countValues("current", current));
    }

    /**
     * Categorical samples given as counts per category. Counts must not be negative; each side must
     * have a positive total. A category may appear with count 0 (it then still gets a bin).
     */
    public static BinnedDistributions categorical(
            Map<String, ? extends Number> baselineCounts, Map<String, ? extends Number> currentCounts) {
        requireNonNull(baselineCounts, "baselineCounts is null");
        requireNonNull(currentCounts, "currentCounts is null");
        Set<String> categories = new LinkedHashSet<>();
        for (String category : baselineCounts.keySet()) {
            categories.add(requireNonNull(category, "baseline has a null category"));
        }
        List<String> newCategories = new ArrayList<>();
        for (Map.Entry<String, ? extends Number> entry : currentCounts.entrySet()) {
            String category = requireNonNull(entry.getKey(), "current has a null category");
            if (categories.add(category) && count("current", category, entry.getValue()) > 0) {
                newCategories.add(category);
            }
        }
        List<String> kept = new ArrayList<>();
        double[] baseline = new double[categories.size()];
        double[] current = new double[categories.size()];
        for (String category : categories) {
            double baselineCount = count("baseline", category, baselineCounts.get(category));
            double currentCount = count("current", category, currentCounts.get(category));
            if (baselineCount > 0 || currentCount > 0) {
                baseline[kept.size()] = baselineCount;
                current[kept.size()] = currentCount;
                kept.add(category);
            }
        }
        return new BinnedDistributions(
                kept,
                new double[0],
                Arrays.copyOf(baseline, kept.size()),
                Arrays.copyOf(current, kept.size()),
                newCategories);
    }

    private static Map<String, Long> countValues(String name, Collection<String> values) {
        requireNonNull(values, name + " is null");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String value : values) {
            if (value == null) {
                throw new IllegalArgumentException(
                        name + " holds a null value: map missing values to a category of their own first");
            }
            counts.merge(value, 1L, Long::sum);
        }
        return counts;
    }

    private static double count(String side, String category, Number count) {
        if (count == null) {
            return 0;
        }
        double value = count.doubleValue();
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(side + " count of category '" + category + "' is " + count
                    + ": counts must be finite and not negative");
        }
        return value;
    }

    /** One label per bin: numeric bins as {@code "(lower, upper]"}, categorical bins by category. */
    public List<String> labels() {
        return labels;
    }

    /** The nine decile edges of numeric bins; empty for categorical bins. */
    public double[] edges() {
        return edges.clone();
    }

    /** The categories that the current sample has and the baseline has not; empty for numeric bins. */
    public List<String> newCategories() {
        return newCategories;
    }

    /** The baseline's count per bin (estimated, hence possibly fractional, when made from profiles). */
    public double[] baselineCounts() {
        return baselineCounts.clone();
    }

    /** The current sample's count per bin. */
    public double[] currentCounts() {
        return currentCounts.clone();
    }

    /** The baseline's share of rows per bin. */
    public double[] baselineProportions() {
        return proportions(baselineCounts);
    }

    /** The current sample's share of rows per bin. */
    public double[] currentProportions() {
        return proportions(currentCounts);
    }

    /** The PSI of the current proportions against the baseline's, with empty bins at 1e-4. */
    public double populationStabilityIndex() {
        return populationStabilityIndex(baselineProportions(), currentProportions());
    }

    /** {@code scipy.spatial.distance.jensenshannon(baseline proportions, current proportions)}. */
    public double jensenShannonDistance() {
        return jensenShannonDistance(baselineProportions(), currentProportions());
    }

    /**
     * {@code scipy.stats.chisquare(f_obs=current counts, f_exp=baseline proportions × current total)}.
     * Meant for categorical bins; a new category makes the statistic infinite and the p-value 0.
     */
    public ChiSquared.Result chiSquared() {
        double[] baselineProportions = baselineProportions();
        double currentTotal = sum(currentCounts);
        double[] expected = new double[baselineProportions.length];
        for (int bin = 0; bin < expected.length; bin++) {
            expected[bin] = baselineProportions[bin] * currentTotal;
        }
        return ChiSquared.goodnessOfFit(currentCounts.clone(), expected);
    }

    /**
     * {@code Σ (c − b)·ln(c / b)}, each proportion of exactly 0 replaced by
     * {@value #EMPTY_BIN_PROPORTION} first (no renormalisation).
     */
    public static double populationStabilityIndex(double[] baselineProportions, double[] currentProportions) {
        requireSameLength(baselineProportions, currentProportions);
        DriftInputs.CompensatedSum sum = new DriftInputs.CompensatedSum();
        for (int bin = 0; bin < baselineProportions.length; bin++) {
            double b = baselineProportions[bin] == 0 ? EMPTY_BIN_PROPORTION : baselineProportions[bin];
            double c = currentProportions[bin] == 0 ? EMPTY_BIN_PROPORTION : currentProportions[bin];
            sum.add((c - b) * Math.log(c / b));
        }
        return sum.value();
    }

    /**
     * {@code scipy.spatial.distance.jensenshannon(p, q)} with the natural logarithm: both are divided
     * by their sums, then {@code sqrt((KL(p‖m) + KL(q‖m)) / 2)} with {@code m = (p + q) / 2}.
     */
    public static double jensenShannonDistance(double[] p, double[] q) {
        requireSameLength(p, q);
        double pTotal = sum(p);
        double qTotal = sum(q);
        DriftInputs.CompensatedSum left = new DriftInputs.CompensatedSum();
        DriftInputs.CompensatedSum right = new DriftInputs.CompensatedSum();
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / pTotal;
            double qi = q[i] / qTotal;
            double middle = (pi + qi) / 2.0;
            left.add(relativeEntropy(pi, middle));
            right.add(relativeEntropy(qi, middle));
        }
        return Math.sqrt((left.value() + right.value()) / 2.0);
    }

    /** {@code scipy.special.rel_entr(x, y)}: {@code x·ln(x/y)}, 0 for x = 0. */
    private static double relativeEntropy(double x, double y) {
        if (x > 0 && y > 0) {
            return x * Math.log(x / y);
        }
        if (x == 0 && y >= 0) {
            return 0;
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double[] proportions(double[] counts) {
        double total = sum(counts);
        double[] proportions = new double[counts.length];
        for (int bin = 0; bin < counts.length; bin++) {
            proportions[bin] = counts[bin] / total;
        }
        return proportions;
    }

    private static double sum(double[] values) {
        DriftInputs.CompensatedSum sum = new DriftInputs.CompensatedSum();
        for (double value : values) {
            sum.add(value);
        }
        return sum.value();
    }

    private static void requireSameLength(double[] first, double[] second) {
        requireNonNull(first, "baseline proportions are null");
        requireNonNull(second, "current proportions are null");
        if (first.length != second.length || first.length == 0) {
            throw new IllegalArgumentException("proportions need the same, non-zero number of bins, got " + first.length
                    + " and " + second.length);
        }
    }

    @Override
    public String toString() {
        return "BinnedDistributions" + labels + " baseline " + Arrays.toString(baselineCounts) + " current "
                + Arrays.toString(currentCounts);
    }
}

package dev.modelyard.core.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether features drifted between a baseline (reference) and a current sample, as
 * {@link DriftSettings} says, and reports every statistic it computed.
 *
 * <h2>Which statistic decides</h2>
 *
 * <ul>
 *   <li>Small baseline (at most {@link DriftSettings#largeBaselineRows()} rows, default 1,000): the
 *       p-value tests, two-sample Kolmogorov–Smirnov for numeric and chi-squared for categorical
 *       features; drift when p &lt; {@link DriftSettings#pValueThreshold()} (0.05).
 *   <li>Large baseline: distances, by default the normalized Wasserstein distance for numeric and the
 *       Jensen–Shannon distance for categorical features; drift when the distance is at least
 *       {@link DriftSettings#distanceThreshold()} (0.1).
 *   <li>A constant baseline has no normalized Wasserstein distance; the Jensen–Shannon distance of
 *       the decile bins decides instead (noted in {@link FeatureDrift#notes()}).
 *   <li>One category on both sides has no chi-squared p-value (0 degrees of freedom): no drift.
 *   <li>A category that the baseline never had makes chi-squared infinite (p-value 0), i.e. drift
 *       for the p-value test; the distances see it as an extra bin.
 * </ul>
 *
 * <h2>Values and profiles</h2>
 *
 * Given all values (arrays, category lists or counts, or profiles that still hold all their values),
 * every statistic is exact and matches scipy (see the package documentation). Profiles that kept only
 * sketches give approximate distances and no p-value tests: the decision then falls back to the
 * configured distance, and the result says {@link FeatureDrift#approximate()}.
 */
public final class DriftDetector {
    /** Quantile ranks used to approximate the Wasserstein distance from two sketches. */
    private static final int WASSERSTEIN_QUANTILES = 1000;

    private static final String OTHER_CATEGORIES = "(other)";
    private static final int LISTED_NEW_CATEGORIES = 10;

    private final DriftSettings settings;

    public DriftDetector(DriftSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The settings this detector decides by. */
    public DriftSettings settings() {
        return settings;
    }

    /** One numeric feature from all its values; both samples non-empty and finite. */
    public FeatureDrift numeric(String feature, double[] baseline, double[] current) {
        requireNonNull(feature, "feature is null");
        DriftInputs.requireFiniteSample(feature + " baseline", baseline);
        DriftInputs.requireFiniteSample(feature + " current", current);
        double[] sortedBaseline = DriftInputs.sortedCopy(baseline);
        double[] sortedCurrent = DriftInputs.sortedCopy(current);

        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> undefined = new LinkedHashMap<>();
        values.put(FeatureDrift.BASELINE_ROWS, (double) baseline.length);
        values.put(FeatureDrift.CURRENT_ROWS, (double) current.length);
        KolmogorovSmirnov.Result test = KolmogorovSmirnov.twoSampleSorted(sortedBaseline, sortedCurrent);
        values.put(FeatureDrift.KOLMOGOROV_SMIRNOV_STATISTIC, test.statistic());
        values.put(FeatureDrift.KOLMOGOROV_SMIRNOV_P_VALUE, test.pValue());
        double distance = Wasserstein.distanceSorted(sortedBaseline, sortedCurrent);
        double standardDeviation = DriftInputs.populationStandardDeviation(baseline);
        putWasserstein(values, undefined, distance, standardDeviation);
        BinnedDistributions bins = BinnedDistributions.numericSorted(sortedBaseline, current);
        values.put(FeatureDrift.POPULATION_STABILITY_INDEX, bins.populationStabilityIndex());
        values.put(FeatureDrift.JENSEN_SHANNON_DISTANCE, bins.jensenShannonDistance());
        return decide(feature, FeatureKind.NUMERIC, baseline.length, false, values, undefined, new ArrayList<>());
    }

    /**
     * One numeric feature from two profiles: exact when both still hold all their values, otherwise
     * approximated from their sketches.
     */
    public FeatureDrift numeric(String feature, NumericProfile baseline, NumericProfile current) {
        requireNonNull(feature, "feature is null");
        requireNonNull(baseline, "baseline is null");
        requireNonNull(current, "current is null");
        requireRows(feature + " baseline", baseline.count());
        requireRows(feature + " current", current.count());
        if (baseline.hasAllValues() && current.hasAllValues()) {
            return numeric(feature, baseline.values(), current.values());
        }

        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> undefined = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        values.put(FeatureDrift.BASELINE_ROWS, (double) baseline.count());
        values.put(FeatureDrift.CURRENT_ROWS, (double) current.count());
        String reason = "needs all values; a profile kept only its sketch (baseline " + baseline.count()
                + " rows, current " + current.count() + ")";
        undefined.put(FeatureDrift.KOLMOGOROV_SMIRNOV_STATISTIC, reason);
        undefined.put(FeatureDrift.KOLMOGOROV_SMIRNOV_P_VALUE, reason);
        putWasserstein(values, undefined, sketchWasserstein(baseline, current), baseline.standardDeviation());

        double[] edges = baseline.quantiles(BinnedDistributions.deciles());
        BinnedDistributions bins =
                BinnedDistributions.fromEdges(edges, sketchBinCounts(baseline, edges), sketchBinCounts(current, edges));
        values.put(FeatureDrift.POPULATION_STABILITY_INDEX, bins.populationStabilityIndex());
        values.put(FeatureDrift.JENSEN_SHANNON_DISTANCE, bins.jensenShannonDistance());
        notes.add("approximated from sketches: decile edges, bin shares and the Wasserstein distance come from"
                + " KLL quantiles");
        return decide(feature, FeatureKind.NUMERIC, baseline.count(), true, values, undefined, notes);
    }

    /** One categorical feature from one category per row. */
    public FeatureDrift categorical(String feature, Collection<String> baseline, Collection<String> current) {
        requireNonNull(feature, "feature is null");
        return categorical(feature, BinnedDistributions.categoricalValues(baseline, current), false, new ArrayList<>());
    }

    /** One categorical feature from counts per category. */
    public FeatureDrift categoricalCounts(
            String feature, Map<String, ? extends Number> baseline, Map<String, ? extends Number> current) {
        requireNonNull(feature, "feature is null");
        return categorical(feature, BinnedDistributions.categorical(baseline, current), false, new ArrayList<>());
    }

    /**
     * One categorical feature from two profiles: exact when both counted exactly, otherwise from the
     * frequent categories' estimated counts plus one bin for all other categories.
     */
    public FeatureDrift categorical(String feature, CategoricalProfile baseline, CategoricalProfile current) {
        requireNonNull(feature, "feature is null");
        requireNonNull(baseline, "baseline is null");
        requireNonNull(current, "current is null");
        requireRows(feature + " baseline", baseline.count());
        requireRows(feature + " current", current.count());
        if (baseline.isExact() && current.isExact()) {
            return categoricalCounts(feature, baseline.counts(), current.counts());
        }
        Set<String> categories = new LinkedHashSet<>(baseline.estimatedCounts().keySet());
        categories.addAll(current.estimatedCounts().keySet());
        Map<String, Long> baselineCounts = new LinkedHashMap<>();
        Map<String, Long> currentCounts = new LinkedHashMap<>();
        long baselineListed = 0;
        long currentListed = 0;
        for (String category : categories) {
            long baselineCount = Math.min(baseline.estimatedCount(category), baseline.count() - baselineListed);
            long currentCount = Math.min(current.estimatedCount(category), current.count() - currentListed);
            baselineCounts.put(category, baselineCount);
            currentCounts.put(category, currentCount);
            baselineListed += baselineCount;
            currentListed += currentCount;
        }
        baselineCounts.put(OTHER_CATEGORIES, baseline.count() - baselineListed);
        currentCounts.put(OTHER_CATEGORIES, current.count() - currentListed);
        List<String> notes = new ArrayList<>();
        notes.add("approximated from sketches: counts of the frequent categories are estimates and the rest"
                + " share one bin '" + OTHER_CATEGORIES + "'");
        return categorical(feature, BinnedDistributions.categorical(baselineCounts, currentCounts), true, notes);
    }

    /** Whether the dataset drifted, from its features' results. */
    public DatasetDrift dataset(List<FeatureDrift> features) {
        return DatasetDrift.of(features, settings.datasetDriftShare());
    }

    private FeatureDrift categorical(
            String feature, BinnedDistributions bins, boolean approximate, List<String> notes) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> undefined = new LinkedHashMap<>();
        double baselineRows = sum(bins.baselineCounts());
        values.put(FeatureDrift.BASELINE_ROWS, baselineRows);
        values.put(FeatureDrift.CURRENT_ROWS, sum(bins.currentCounts()));
        if (approximate) {
            String reason = "needs exact counts; a profile kept only its frequent-items sketch";
            undefined.put(FeatureDrift.CHI_SQUARED_STATISTIC, reason);
            undefined.put(FeatureDrift.CHI_SQUARED_P_VALUE, reason);
        } else {
            ChiSquared.Result test = bins.chiSquared();
            values.put(FeatureDrift.CHI_SQUARED_STATISTIC, test.statistic());
            if (Double.isNaN(test.pValue())) {
                undefined.put(FeatureDrift.CHI_SQUARED_P_VALUE, "one category: 0 degrees of freedom");
            } else {
                values.put(FeatureDrift.CHI_SQUARED_P_VALUE, test.pValue());
            }
        }
        values.put(FeatureDrift.POPULATION_STABILITY_INDEX, bins.populationStabilityIndex());
        values.put(FeatureDrift.JENSEN_SHANNON_DISTANCE, bins.jensenShannonDistance());
        List<String> newCategories = bins.newCategories();
        values.put(FeatureDrift.NEW_CATEGORIES, (double) newCategories.size());
        if (!newCategories.isEmpty()) {
            List<String> listed = newCategories.subList(0, Math.min(LISTED_NEW_CATEGORIES, newCategories.size()));
            notes.add("new categories in current: " + String.join(", ", listed)
                    + (newCategories.size() > listed.size()
                            ? " and " + (newCategories.size() - listed.size()) + " more"
                            : ""));
        }
        return decide(feature, FeatureKind.CATEGORICAL, (long) baselineRows, approximate, values, undefined, notes);
    }

    private FeatureDrift decide(
            String feature,
            FeatureKind kind,
            long baselineRows,
            boolean approximate,
            Map<String, Double> values,
            Map<String, String> undefined,
            List<String> notes) {
        DriftMethod method;
        if (settings.usesDistance(baselineRows)) {
            method = distanceFor(kind);
        } else {
            method = testFor(kind);
            if (!values.containsKey(method.statisticName())) {
                method = distanceFor(kind);
                notes.add(testFor(kind) + " " + undefined.get(testFor(kind).statisticName()) + "; decided by " + method
                        + " instead");
            }
        }
        if (method == DriftMethod.WASSERSTEIN_NORMALIZED && !values.containsKey(method.statisticName())) {
            method = DriftMethod.JENSEN_SHANNON_DISTANCE;
            notes.add("the baseline is constant, so the normalized Wasserstein distance is undefined;"
                    + " decided by the Jensen-Shannon distance of the decile bins instead");
        }
        double statistic = values.get(method.statisticName());
        boolean drifted;
        double threshold;
        if (method.isPValueTest()) {
            threshold = settings.pValueThreshold();
            Double pValue = values.get(method.pValueName());
            if (pValue == null) {
                drifted = false;
                notes.add(method + " has no p-value (" + undefined.get(method.pValueName()) + "): not drifted");
            } else {
                drifted = pValue < threshold;
            }
        } else {
            threshold = settings.distanceThreshold();
            drifted = statistic >= threshold;
        }
        return new FeatureDrift(
                feature, kind, method, statistic, threshold, drifted, approximate, values, undefined, notes);
    }

    private DriftMethod distanceFor(FeatureKind kind) {
        return switch (kind) {
            case NUMERIC -> settings.numericDistance();
            case CATEGORICAL -> settings.categoricalDistance();
        };
    }

    private static DriftMethod testFor(FeatureKind kind) {
        return switch (kind) {
            case NUMERIC -> DriftMethod.KOLMOGOROV_SMIRNOV;
            case CATEGORICAL -> DriftMethod.CHI_SQUARED;
        };
    }

    private static void putWasserstein(
            Map<String, Double> values, Map<String, String> undefined, double distance, double standardDeviation) {
        values.put(FeatureDrift.WASSERSTEIN_DISTANCE, distance);
        values.put(FeatureDrift.BASELINE_STANDARD_DEVIATION, standardDeviation);
        if (standardDeviation > 0) {
            values.put(FeatureDrift.WASSERSTEIN_NORMALIZED, distance / standardDeviation);
        } else {
            undefined.put(FeatureDrift.WASSERSTEIN_NORMALIZED, "the baseline's standard deviation is 0");
        }
    }

    /**
     * The mean gap between the two sketches' quantiles at the ranks (i + ½)/1000: a midpoint rule for
     * {@code ∫₀¹ |F⁻¹(u) − G⁻¹(u)| du}, which is the Wasserstein distance.
     */
    private static double sketchWasserstein(NumericProfile baseline, NumericProfile current) {
        double[] ranks = new double[WASSERSTEIN_QUANTILES];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = (i + 0.5) / WASSERSTEIN_QUANTILES;
        }
        double[] baselineQuantiles = baseline.quantiles(ranks);
        double[] currentQuantiles = current.quantiles(ranks);
        DriftInputs.CompensatedSum sum = new DriftInputs.CompensatedSum();
        for (int i = 0; i < ranks.length; i++) {
            sum.add(Math.abs(baselineQuantiles[i] - currentQuantiles[i]));
        }
        return sum.value() / ranks.length;
    }

    /** Estimated rows per decile bin: differences of the sketch's inclusive ranks at the edges. */
    private static double[] sketchBinCounts(NumericProfile profile, double[] edges) {
        double[] counts = new double[edges.length + 1];
        double previous = 0.0;
        for (int bin = 0; bin < edges.length; bin++) {
            double rank = profile.rank(edges[bin]);
            counts[bin] = Math.max(0.0, rank - previous) * profile.count();
            previous = Math.max(previous, rank);
        }
        counts[edges.length] = Math.max(0.0, 1.0 - previous) * profile.count();
        return counts;
    }

    private static void requireRows(String name, long rows) {
        if (rows == 0) {
            throw new IllegalArgumentException(name + " is empty: drift statistics need at least one value");
        }
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }
}

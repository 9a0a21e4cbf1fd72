package dev.modelyard.core.monitoring.drift;

import static java.util.Objects.requireNonNull;

/**
 * How {@link DriftDetector} decides drift. {@link #defaults()} gives the documented defaults.
 *
 * @param selection which family of statistics decides: automatically by baseline size, or always one
 *     of them
 * @param largeBaselineRows with {@link Selection#AUTOMATIC}, a baseline of more than this many rows is
 *     judged by a distance, a smaller one by a p-value test (default 1,000: with many rows p-value
 *     tests flag differences too small to matter)
 * @param pValueThreshold a p-value test calls drift when the p-value is below this (default 0.05)
 * @param distanceThreshold a distance calls drift when it is at least this (default 0.1)
 * @param datasetDriftShare a dataset drifted when at least this share of its features drifted
 *     (default 0.5)
 * @param numericDistance the distance for numeric features (default
 *     {@link DriftMethod#WASSERSTEIN_NORMALIZED}; PSI and Jensen–Shannon are allowed)
 * @param categoricalDistance the distance for categorical features (default
 *     {@link DriftMethod#JENSEN_SHANNON_DISTANCE}; PSI is allowed)
 */
public record DriftSettings(
        Selection selection,
        int largeBaselineRows,
        double pValueThreshold,
        double distanceThreshold,
        double datasetDriftShare,
        DriftMethod numericDistance,
        DriftMethod categoricalDistance) {
    /** Which family of statistics decides drift. */
    public enum Selection {
        /** Distances for baselines of more than {@link #largeBaselineRows()} rows, p-value tests otherwise. */
        AUTOMATIC,
        /** Kolmogorov–Smirnov for numeric and chi-squared for categorical features, whatever the size. */
        P_VALUE_TESTS,
        /** The configured distances, whatever the size. */
        DISTANCE_TESTS
    }

    public DriftSettings {
        requireNonNull(selection, "selection is null");
        requireNonNull(numericDistance, "numericDistance is null");
        requireNonNull(categoricalDistance, "categoricalDistance is null");
        if (largeBaselineRows < 0) {
            throw new IllegalArgumentException("largeBaselineRows must not be negative, got " + largeBaselineRows);
        }
        if (!(pValueThreshold > 0 && pValueThreshold < 1)) {
            throw new IllegalArgumentException("pValueThreshold must lie in (0, 1), got " + pValueThreshold);
        }
        if (!(distanceThreshold > 0) || Double.isInfinite(distanceThreshold)) {
            throw new IllegalArgumentException(
                    "distanceThreshold must be positive and finite, got " + distanceThreshold);
        }
        if (!(datasetDriftShare > 0 && datasetDriftShare <= 1)) {
            throw new IllegalArgumentException("datasetDriftShare must lie in (0, 1], got " + datasetDriftShare);
        }
        if (numericDistance.isPValueTest() || !numericDistance.appliesTo(FeatureKind.NUMERIC)) {
            throw new IllegalArgumentException("numericDistance must be a distance for numeric features"
                    + " (WASSERSTEIN_NORMALIZED, POPULATION_STABILITY_INDEX or JENSEN_SHANNON_DISTANCE), got "
                    + numericDistance);
        }
        if (categoricalDistance.isPValueTest() || !categoricalDistance.appliesTo(FeatureKind.CATEGORICAL)) {
            throw new IllegalArgumentException("categoricalDistance must be a distance for categorical features"
                    + " (POPULATION_STABILITY_INDEX or JENSEN_SHANNON_DISTANCE), got " + categoricalDistance);
        }
    }

    /**
     * Automatic selection above 1,000 baseline rows, p-values below 0.05 and distances of at least 0.1
     * call drift, half the features drifting makes the dataset drift; normalised Wasserstein for
     * numeric and Jensen–Shannon for categorical features.
     */
    public static DriftSettings defaults() {
        return new DriftSettings(
                Selection.AUTOMATIC,
                1000,
                0.05,
                0.1,
                0.5,
                DriftMethod.WASSERSTEIN_NORMALIZED,
                DriftMethod.JENSEN_SHANNON_DISTANCE);
    }

    /** These settings with another selection. */
    public DriftSettings withSelection(Selection newSelection) {
        return new DriftSettings(
                newSelection,
                largeBaselineRows,
                pValueThreshold,
                distanceThreshold,
                datasetDriftShare,
                numericDistance,
                categoricalDistance);
    }

    /** Whether a baseline of this many rows is judged by a distance rather than a p-value test. */
    boolean usesDistance(long baselineRows) {
        return switch (selection) {
            case AUTOMATIC -> baselineRows > largeBaselineRows;
            case P_VALUE_TESTS -> false;
            case DISTANCE_TESTS -> true;
        };
    }
}

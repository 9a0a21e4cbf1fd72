package dev.modelyard.core.monitoring.drift;

/**
 * The statistic that decides whether a feature drifted. P-value tests call drift when the p-value is
 * below {@link DriftSettings#pValueThreshold()}; distances call drift when the distance is at least
 * {@link DriftSettings#distanceThreshold()}.
 */
public enum DriftMethod {
    /** Two-sample Kolmogorov–Smirnov test on numeric values ({@link KolmogorovSmirnov}); a p-value test. */
    KOLMOGOROV_SMIRNOV(FeatureDrift.KOLMOGOROV_SMIRNOV_STATISTIC, FeatureDrift.KOLMOGOROV_SMIRNOV_P_VALUE),
    /** Pearson's chi-squared test of current counts against baseline proportions; a p-value test. */
    CHI_SQUARED(FeatureDrift.CHI_SQUARED_STATISTIC, FeatureDrift.CHI_SQUARED_P_VALUE),
    /** Wasserstein distance divided by the baseline's standard deviation; numeric only. */
    WASSERSTEIN_NORMALIZED(FeatureDrift.WASSERSTEIN_NORMALIZED, null),
    /** Population stability index over decile or category bins. */
    POPULATION_STABILITY_INDEX(FeatureDrift.POPULATION_STABILITY_INDEX, null),
    /** Jensen–Shannon distance (natural logarithm) over decile or category bins. */
    JENSEN_SHANNON_DISTANCE(FeatureDrift.JENSEN_SHANNON_DISTANCE, null);

    private final String statisticName;
    private final String pValueName;

    DriftMethod(String statisticName, String pValueName) {
        this.statisticName = statisticName;
        this.pValueName = pValueName;
    }

    /** True for the tests decided by a p-value, false for the distances. */
    public boolean isPValueTest() {
        return switch (this) {
            case KOLMOGOROV_SMIRNOV, CHI_SQUARED -> true;
            case WASSERSTEIN_NORMALIZED, POPULATION_STABILITY_INDEX, JENSEN_SHANNON_DISTANCE -> false;
        };
    }

    /** Whether the method applies to features of the given kind. */
    public boolean appliesTo(FeatureKind kind) {
        return switch (this) {
            case KOLMOGOROV_SMIRNOV, WASSERSTEIN_NORMALIZED -> kind == FeatureKind.NUMERIC;
            case CHI_SQUARED -> kind == FeatureKind.CATEGORICAL;
            case POPULATION_STABILITY_INDEX, JENSEN_SHANNON_DISTANCE -> true;
        };
    }

    /** The name of this method's statistic in {@link FeatureDrift#values()}. */
    String statisticName() {
        return statisticName;
    }

    /** The name of this method's p-value in {@link FeatureDrift#values()}; null for distances. */
    String pValueName() {
        return pValueName;
    }
}

package dev.modelyard.core.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Whether one feature drifted between a baseline and a current sample, and every statistic computed
 * on the way.
 *
 * @param feature the feature's name
 * @param kind numeric or categorical
 * @param method the statistic that decided
 * @param statistic the deciding method's statistic: D, chi-squared, or the distance
 * @param threshold the threshold it was compared with: the p-value threshold for p-value tests (drift
 *     when the p-value is below it), the distance threshold for distances (drift when the distance is
 *     at least it)
 * @param drifted the decision
 * @param approximate true when the values came from sketches ({@link NumericProfile},
 *     {@link CategoricalProfile}) rather than from all values
 * @param values every statistic that could be computed, by name ({@link #KOLMOGOROV_SMIRNOV_STATISTIC} …), in a fixed
 *     order; given for reference whatever the deciding method
 * @param undefined statistics that have no value here, with the reason
 * @param notes what a reader should know about the decision, e.g. new categories or a fallback
 */
public record FeatureDrift(
        String feature,
        FeatureKind kind,
        DriftMethod method,
        double statistic,
        double threshold,
        boolean drifted,
        boolean approximate,
        Map<String, Double> values,
        Map<String, String> undefined,
        List<String> notes) {
    /** Rows in the baseline. */
    public static final String BASELINE_ROWS = "baseline_rows";
    /** Rows in the current sample. */
    public static final String CURRENT_ROWS = "current_rows";
    /** Kolmogorov–Smirnov D ({@code ks_2samp}). */
    public static final String KOLMOGOROV_SMIRNOV_STATISTIC = "ks_statistic";
    /** Kolmogorov–Smirnov two-sided p-value ({@code ks_2samp}). */
    public static final String KOLMOGOROV_SMIRNOV_P_VALUE = "ks_p_value";
    /** Wasserstein distance in the feature's unit. */
    public static final String WASSERSTEIN_DISTANCE = "wasserstein_distance";
    /** The baseline's population standard deviation. */
    public static final String BASELINE_STANDARD_DEVIATION = "baseline_std";
    /** Wasserstein distance divided by the baseline's standard deviation. */
    public static final String WASSERSTEIN_NORMALIZED = "wasserstein_normalized";
    /** Population stability index over the bins. */
    public static final String POPULATION_STABILITY_INDEX = "psi";
    /** Jensen–Shannon distance over the bins. */
    public static final String JENSEN_SHANNON_DISTANCE = "jensen_shannon_distance";
    /** Pearson's chi-squared statistic over the categories. */
    public static final String CHI_SQUARED_STATISTIC = "chi_squared_statistic";
    /** Chi-squared p-value. */
    public static final String CHI_SQUARED_P_VALUE = "chi_squared_p_value";
    /** The number of categories the current sample has and the baseline has not. */
    public static final String NEW_CATEGORIES = "new_categories";

    public FeatureDrift {
        requireNonNull(feature, "feature is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(method, "method is null");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values is null")));
        undefined = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(undefined, "undefined is null")));
        notes = List.copyOf(requireNonNull(notes, "notes is null"));
    }

    /** The deciding test's p-value; empty for distances and when the p-value is undefined. */
    public OptionalDouble pValue() {
        String name = method.pValueName();
        if (name == null || !values.containsKey(name)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(values.get(name));
    }
}

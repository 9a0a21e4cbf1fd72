package dev.modelyard.core.monitoring.drift;

/** Whether a feature's values are numbers or categories. */
public enum FeatureKind {
    /** Real numbers, compared through their distribution functions and decile bins. */
    NUMERIC,
    /** Labels, compared through their proportions per category. */
    CATEGORICAL
}

package dev.modelyard.core.evaluation.metrics;

/**
 * Multiclass classification metrics with scikit-learn 1.2.1's definitions; see the package
 * documentation for each one.
 */
public final class MulticlassClassificationMetrics {
    public static final String ACCURACY = "accuracy";
    public static final String MACRO_PRECISION = "macro_precision";
    public static final String MACRO_RECALL = "macro_recall";
    public static final String MACRO_F1 = "macro_f1";
    public static final String WEIGHTED_PRECISION = "weighted_precision";
    public static final String WEIGHTED_RECALL = "weighted_recall";
    public static final String WEIGHTED_F1 = "weighted_f1";
    public static final String LOG_LOSS = "log_loss";
    public static final String ROC_AUC_OVR_MACRO = "roc_auc_ovr_macro";

    private MulticlassClassificationMetrics() {}

    /**
     * Evaluates class probabilities against labels.
     *
     * @param labels the true class of each row, 0..classes-1
     * @param probabilities row-major {@code labels.length × classes} matrix, {@code predict_proba}
     * @param classes the number of classes, at least 2
     */
    public static MetricSet compute(int[] labels, double[] probabilities, int classes) {
        return new MulticlassClassificationAccumulator(classes)
                .add(labels, probabilities)
                .result();
    }
}

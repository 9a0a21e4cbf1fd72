package dev.modelyard.core.evaluation.metrics;

/**
 * Binary classification metrics and charts with scikit-learn 1.2.1's definitions; see the package
 * documentation for each one.
 */
public final class BinaryClassificationMetrics {
    public static final String ACCURACY = "accuracy";
    public static final String PRECISION = "precision";
    public static final String RECALL = "recall";
    public static final String F1 = "f1";
    public static final String ROC_AUC = "roc_auc";
    public static final String AVERAGE_PRECISION = "average_precision";
    public static final String LOG_LOSS = "log_loss";
    public static final String BRIER_SCORE = "brier_score";

    /** Series {@code fpr}, {@code tpr}, {@code thresholds}: {@code roc_curve}. */
    public static final String ROC_CURVE = "roc_curve";
    /** Series {@code precision}, {@code recall}, {@code thresholds}: {@code precision_recall_curve}. */
    public static final String PRECISION_RECALL_CURVE = "precision_recall_curve";
    /** Series {@code prob_true}, {@code prob_pred}: {@code calibration_curve(n_bins=10)}. */
    public static final String CALIBRATION_CURVE = "calibration_curve";
    /** Series {@code bin_edges} (11), {@code negative_counts}, {@code positive_counts} (10 each). */
    public static final String SCORE_HISTOGRAM = "score_histogram";

    /** The usual decision threshold on a probability. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private BinaryClassificationMetrics() {}

    /**
     * Evaluates scores against labels.
     *
     * @param labels 0 or 1 for each row
     * @param scoresOfPositive the score of class 1 for each row, normally {@code predict_proba[:, 1]}
     * @param threshold a row is predicted positive when its score is {@code >= threshold}
     */
    public static MetricSet compute(int[] labels, double[] scoresOfPositive, double threshold) {
        return new BinaryClassificationAccumulator(threshold)
                .add(labels, scoresOfPositive)
                .result();
    }
}

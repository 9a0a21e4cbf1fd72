package dev.modelyard.core.evaluation.metrics;

/**
 * Regression metrics and charts with scikit-learn 1.2.1's definitions; see the package
 * documentation for each one.
 */
public final class RegressionMetrics {
    public static final String RMSE = "rmse";
    public static final String MAE = "mae";
    public static final String R2 = "r2";
    public static final String MAPE = "mape";
    public static final String MAX_ERROR = "max_error";
    public static final String EXPLAINED_VARIANCE = "explained_variance";
    public static final String MEDIAN_ABSOLUTE_ERROR = "median_absolute_error";

    /** Series {@code bin_edges} (21) and {@code counts} (20) of {@code np.histogram(actual - predicted, 20)}. */
    public static final String RESIDUAL_HISTOGRAM = "residual_histogram";
    /** Series {@code row_index}, {@code actual}, {@code predicted}: at most 1,000 evenly spaced rows. */
    public static final String PREDICTED_VS_ACTUAL = "predicted_vs_actual";

    private RegressionMetrics() {}

    /** Evaluates predictions against actual values, row by row. */
    public static MetricSet compute(double[] actual, double[] predicted) {
        return new RegressionAccumulator().add(actual, predicted).result();
    }
}

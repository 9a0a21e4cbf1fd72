package dev.modelyard.core.evaluation.metrics;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Regression metrics over rows fed in batches. Within a batch every sum is numpy's pairwise sum and
 * the variances are two-pass, exactly as scikit-learn computes them; batches are merged with
 * compensated sums and Chan's pairwise variance update, so a single batch reproduces numpy's
 * arithmetic and many batches stay within a few roundings of it. The median absolute error and the
 * residual histogram need every residual, kept in a primitive array (eight bytes a row); the
 * predicted-vs-actual chart keeps a deterministic sample of at most {@value #MAX_SCATTER_POINTS}
 * rows. Not thread-safe. {@link #result()} may be called any number of times.
 */
public final class RegressionAccumulator {
    static final int RESIDUAL_BINS = 20;
    static final int MAX_SCATTER_POINTS = 1000;
    /** {@code np.finfo(np.float64).eps}: scikit-learn's floor for |y| in MAPE. */
    static final double MAPE_EPS = Math.ulp(1.0);

    private long rows;
    private double meanActual;
    private double actualSquaredDeviations;
    private double meanResidual;
    private double residualSquaredDeviations;
    private final CompensatedSum squaredError = new CompensatedSum();
    private final CompensatedSum absoluteError = new CompensatedSum();
    private final CompensatedSum absolutePercentageError = new CompensatedSum();
    private double maxAbsoluteError;
    private final GrowableDoubleArray residuals = new GrowableDoubleArray();
    private double minResidual = Double.POSITIVE_INFINITY;
    private double maxResidual = Double.NEGATIVE_INFINITY;
    private long scatterStride = 1;
    private final GrowableDoubleArray scatterRows = new GrowableDoubleArray();
    private final GrowableDoubleArray scatterActual = new GrowableDoubleArray();
    private final GrowableDoubleArray scatterPredicted = new GrowableDoubleArray();

    public long rows() {
        return rows;
    }

    /** Adds every row of these arrays. */
    public RegressionAccumulator add(double[] actual, double[] predicted) {
        requireNonNull(actual, "actual is null");
        requireNonNull(predicted, "predicted is null");
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(
                    actual.length + " actual values but " + predicted.length + " predictions");
        }
        return add(actual, predicted, 0, actual.length);
    }

    /**
     * Adds rows {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @throws IllegalArgumentException for a non-finite value; the accumulator is then unchanged
     */
    public RegressionAccumulator add(double[] actual, double[] predicted, int from, int to) {
        requireNonNull(actual, "actual is null");
        requireNonNull(predicted, "predicted is null");
        Objects.checkFromToIndex(from, to, actual.length);
        Objects.checkFromToIndex(from, to, predicted.length);
        for (int row = from; row < to; row++) {
            if (!Double.isFinite(actual[row]) || !Double.isFinite(predicted[row])) {
                throw new IllegalArgumentException(
                        "row " + row + " is not finite: actual " + actual[row] + ", predicted " + predicted[row]);
            }
        }
        int batchRows = to - from;
        if (batchRows == 0) {
            return this;
        }
        double batchMeanActual = NumpySum.of(actual, from, to) / batchRows;
        double batchActualSquaredDeviations = NumpySum.of(
                row -> {
                    double deviation = actual[row] - batchMeanActual;
                    return deviation * deviation;
                },
                from,
                to);
        double batchMeanResidual = NumpySum.of(row -> actual[row] - predicted[row], from, to) / batchRows;
        double batchResidualSquaredDeviations = NumpySum.of(
                row -> {
                    double deviation = (actual[row] - predicted[row]) - batchMeanResidual;
                    return deviation * deviation;
                },
                from,
                to);
        squaredError.add(NumpySum.of(
                row -> {
                    double residual = actual[row] - predicted[row];
                    return residual * residual;
                },
                from,
                to));
        absoluteError.add(NumpySum.of(row -> Math.abs(predicted[row] - actual[row]), from, to));
        absolutePercentageError.add(NumpySum.of(
                row -> Math.abs(predicted[row] - actual[row]) / Math.max(Math.abs(actual[row]), MAPE_EPS), from, to));

        if (rows == 0) {
            meanActual = batchMeanActual;
            actualSquaredDeviations = batchActualSquaredDeviations;
            meanResidual = batchMeanResidual;
            residualSquaredDeviations = batchResidualSquaredDeviations;
        } else {
            double[] merged = chan(
                    rows,
                    meanActual,
                    actualSquaredDeviations,
                    batchRows,
                    batchMeanActual,
                    batchActualSquaredDeviations);
            meanActual = merged[0];
            actualSquaredDeviations = merged[1];
            merged = chan(
                    rows,
                    meanResidual,
                    residualSquaredDeviations,
                    batchRows,
                    batchMeanResidual,
                    batchResidualSquaredDeviations);
            meanResidual = merged[0];
            residualSquaredDeviations = merged[1];
        }
        for (int row = from; row < to; row++) {
            double residual = actual[row] - predicted[row];
            residuals.add(residual);
            minResidual = Math.min(minResidual, residual);
            maxResidual = Math.max(maxResidual, residual);
            maxAbsoluteError = Math.max(maxAbsoluteError, Math.abs(residual));
            sample(rows + (row - from), actual[row], predicted[row]);
        }
        rows += batchRows;
        return this;
    }

    /**
     * The metrics of all rows added so far.
     *
     * @throws IllegalStateException when no row was added
     */
    public MetricSet result() {
        if (rows == 0) {
            throw new IllegalStateException("no rows to evaluate");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> undefined = new LinkedHashMap<>();
        double n = rows;
        double sumOfSquaredErrors = squaredError.value();
        values.put(RegressionMetrics.RMSE, Math.sqrt(sumOfSquaredErrors / n));
        values.put(RegressionMetrics.MAE, absoluteError.value() / n);
        if (rows < 2) {
            undefined.put(
                    RegressionMetrics.R2,
                    "R² needs at least two rows (scikit-learn returns nan with UndefinedMetricWarning)");
        } else {
            values.put(RegressionMetrics.R2, oneMinusRatio(sumOfSquaredErrors, actualSquaredDeviations));
        }
        values.put(RegressionMetrics.MAPE, absolutePercentageError.value() / n);
        values.put(RegressionMetrics.MAX_ERROR, maxAbsoluteError);
        values.put(
                RegressionMetrics.EXPLAINED_VARIANCE,
                oneMinusRatio(residualSquaredDeviations / n, actualSquaredDeviations / n));
        values.put(RegressionMetrics.MEDIAN_ABSOLUTE_ERROR, medianAbsoluteResidual());

        Map<String, Chart> charts = new LinkedHashMap<>();
        UniformHistogram histogram = UniformHistogram.overDataRange(minResidual, maxResidual, RESIDUAL_BINS);
        double[] allResiduals = residuals.backingArray();
        for (int row = 0; row < residuals.size(); row++) {
            histogram.add(allResiduals[row]);
        }
        charts.put(
                RegressionMetrics.RESIDUAL_HISTOGRAM,
                new Chart(Chart.HISTOGRAM, List.of(histogram.edgesSeries(), histogram.countsSeries("counts"))));
        charts.put(
                RegressionMetrics.PREDICTED_VS_ACTUAL,
                new Chart(
                        Chart.SCATTER,
                        List.of(
                                new Chart.Series("row_index", scatterRows.toArray()),
                                new Chart.Series("actual", scatterActual.toArray()),
                                new Chart.Series("predicted", scatterPredicted.toArray()))));
        return new MetricSet(values, undefined, charts, new long[0][]);
    }

    /**
     * scikit-learn's R² / explained variance with {@code force_finite=True}: 1 for a zero numerator,
     * 0 for a zero denominator with a non-zero numerator, else {@code 1 - numerator / denominator}.
     */
    private static double oneMinusRatio(double numerator, double denominator) {
        if (numerator == 0) {
            return 1.0;
        }
        if (denominator == 0) {
            return 0.0;
        }
        return 1 - numerator / denominator;
    }

    /** {@code np.median(np.abs(residuals))}: the middle value, or the mean of the middle two. */
    private double medianAbsoluteResidual() {
        int count = residuals.size();
        double[] absolute = new double[count];
        double[] all = residuals.backingArray();
        for (int row = 0; row < count; row++) {
            absolute[row] = Math.abs(all[row]);
        }
        DoubleSort.ascending(absolute, count);
        int middle = count / 2;
        return count % 2 == 1 ? absolute[middle] : (absolute[middle - 1] + absolute[middle]) / 2.0;
    }

    /**
     * Keeps rows 0, s, 2s, ... where s is the smallest power of two that leaves at most
     * {@value #MAX_SCATTER_POINTS} of them: when one more would not fit, s doubles and every other
     * kept row goes. The result depends only on the rows, not on how they were batched.
     */
    private void sample(long rowIndex, double actual, double predicted) {
        if (rowIndex % scatterStride != 0) {
            return;
        }
        if (scatterRows.size() == MAX_SCATTER_POINTS) {
            scatterStride *= 2;
            int kept = 0;
            for (int i = 0; i < scatterRows.size(); i++) {
                if ((long) scatterRows.get(i) % scatterStride == 0) {
                    scatterRows.set(kept, scatterRows.get(i));
                    scatterActual.set(kept, scatterActual.get(i));
                    scatterPredicted.set(kept, scatterPredicted.get(i));
                    kept++;
                }
            }
            scatterRows.truncate(kept);
            scatterActual.truncate(kept);
            scatterPredicted.truncate(kept);
            if (rowIndex % scatterStride != 0) {
                return;
            }
        }
        scatterRows.add(rowIndex);
        scatterActual.add(actual);
        scatterPredicted.add(predicted);
    }

    /** Chan et al.'s update: mean and sum of squared deviations of two groups combined. */
    private static double[] chan(
            long countA,
            double meanA,
            double squaredDeviationsA,
            long countB,
            double meanB,
            double squaredDeviationsB) {
        double count = (double) countA + countB;
        double delta = meanB - meanA;
        double mean = meanA + delta * (countB / count);
        double squaredDeviations = squaredDeviationsA + squaredDeviationsB + delta * delta * (countA / count) * countB;
        return new double[] {mean, squaredDeviations};
    }
}

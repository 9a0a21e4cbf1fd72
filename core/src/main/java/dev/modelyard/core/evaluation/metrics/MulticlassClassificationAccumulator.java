package dev.modelyard.core.evaluation.metrics;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Multiclass classification metrics over rows fed in batches. The confusion matrix and the log
 * loss are folded in as rows come; the one-vs-rest ROC AUC sorts each class's scores, so the
 * accumulator keeps the labels and the row-major probabilities in primitive arrays. Not
 * thread-safe. {@link #result()} may be called any number of times.
 *
 * <p>Definitions are scikit-learn 1.2.1's; see the package documentation.
 */
public final class MulticlassClassificationAccumulator {
    /** {@code np.allclose} tolerances scikit-learn uses to check that rows sum to 1. */
    private static final double SUM_RELATIVE_TOLERANCE = 1e-5;

    private static final double SUM_ABSOLUTE_TOLERANCE = 1e-8;

    private final int classes;
    private final long[][] confusion;
    private final CompensatedSum logLoss = new CompensatedSum();
    private final GrowableIntArray labels = new GrowableIntArray();
    private final GrowableDoubleArray probabilities = new GrowableDoubleArray();
    private boolean rowsSumToOne = true;
    private long rows;

    /** @param classes the number of classes k, at least 2; labels are 0..k-1 */
    public MulticlassClassificationAccumulator(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
        this.classes = classes;
        this.confusion = new long[classes][classes];
    }

    public int classes() {
        return classes;
    }

    public long rows() {
        return rows;
    }

    /** Adds every row: {@code probabilities} holds {@code labels.length × k} values, row-major. */
    public MulticlassClassificationAccumulator add(int[] labels, double[] probabilities) {
        requireNonNull(labels, "labels is null");
        requireNonNull(probabilities, "probabilities is null");
        if ((long) labels.length * classes != probabilities.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * classes
                    + " probabilities for " + classes + " classes, got " + probabilities.length);
        }
        return add(labels, probabilities, 0, labels.length);
    }

    /**
     * Adds rows {@code fromRow} (inclusive) to {@code toRow} (exclusive); row r's probabilities are
     * {@code probabilities[r * k .. r * k + k - 1]}.
     *
     * @throws IllegalArgumentException for a label outside 0..k-1 or a non-finite probability; the
     *     accumulator is then unchanged
     */
    public MulticlassClassificationAccumulator add(int[] labels, double[] probabilities, int fromRow, int toRow) {
        requireNonNull(labels, "labels is null");
        requireNonNull(probabilities, "probabilities is null");
        Objects.checkFromToIndex(fromRow, toRow, labels.length);
        Objects.checkFromToIndex((long) fromRow * classes, (long) toRow * classes, probabilities.length);
        for (int row = fromRow; row < toRow; row++) {
            if (labels[row] < 0 || labels[row] >= classes) {
                throw new IllegalArgumentException(
                        "label " + labels[row] + " at row " + row + " is not in 0.." + (classes - 1));
            }
            for (int column = 0; column < classes; column++) {
                double probability = probabilities[row * classes + column];
                if (!Double.isFinite(probability)) {
                    throw new IllegalArgumentException(
                            "probability " + probability + " at row " + row + " is not finite");
                }
            }
        }
        if (fromRow == toRow) {
            return this;
        }
        double[] clipped = new double[classes];
        logLoss.add(NumpySum.of(row -> rowLogLoss(labels[row], probabilities, row, clipped), fromRow, toRow));
        for (int row = fromRow; row < toRow; row++) {
            int offset = row * classes;
            int predicted = 0;
            for (int column = 1; column < classes; column++) {
                if (probabilities[offset + column] > probabilities[offset + predicted]) {
                    predicted = column;
                }
            }
            confusion[labels[row]][predicted]++;
            double rowSum = NumpySum.of(probabilities, offset, offset + classes);
            if (!(Math.abs(1.0 - rowSum) <= SUM_ABSOLUTE_TOLERANCE + SUM_RELATIVE_TOLERANCE * Math.abs(rowSum))) {
                rowsSumToOne = false;
            }
        }
        this.labels.addAll(labels, fromRow, toRow);
        this.probabilities.addAll(probabilities, fromRow * classes, toRow * classes);
        rows += toRow - fromRow;
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

        long[] trueCounts = new long[classes];
        long[] predictedCounts = new long[classes];
        long correct = 0;
        for (int actual = 0; actual < classes; actual++) {
            for (int predicted = 0; predicted < classes; predicted++) {
                trueCounts[actual] += confusion[actual][predicted];
                predictedCounts[predicted] += confusion[actual][predicted];
            }
            correct += confusion[actual][actual];
        }
        // scikit-learn averages over the labels present in y_true or y_pred
        int present = 0;
        double[] precision = new double[classes];
        double[] recall = new double[classes];
        double[] f1 = new double[classes];
        double[] weights = new double[classes];
        for (int label = 0; label < classes; label++) {
            if (trueCounts[label] == 0 && predictedCounts[label] == 0) {
                continue;
            }
            long truePositives = confusion[label][label];
            precision[present] = BinaryClassificationAccumulator.ratioOrZero(truePositives, predictedCounts[label]);
            recall[present] = BinaryClassificationAccumulator.ratioOrZero(truePositives, trueCounts[label]);
            f1[present] = BinaryClassificationAccumulator.f1(precision[present], recall[present]);
            weights[present] = trueCounts[label];
            present++;
        }
        values.put(MulticlassClassificationMetrics.ACCURACY, (double) correct / rows);
        values.put(MulticlassClassificationMetrics.MACRO_PRECISION, mean(precision, present));
        values.put(MulticlassClassificationMetrics.MACRO_RECALL, mean(recall, present));
        values.put(MulticlassClassificationMetrics.MACRO_F1, mean(f1, present));
        values.put(MulticlassClassificationMetrics.WEIGHTED_PRECISION, weightedMean(precision, weights, present));
        values.put(MulticlassClassificationMetrics.WEIGHTED_RECALL, weightedMean(recall, weights, present));
        values.put(MulticlassClassificationMetrics.WEIGHTED_F1, weightedMean(f1, weights, present));
        values.put(MulticlassClassificationMetrics.LOG_LOSS, logLoss.value() / rows);

        int classesInLabels = 0;
        for (long count : trueCounts) {
            if (count > 0) {
                classesInLabels++;
            }
        }
        if (!rowsSumToOne) {
            undefined.put(
                    MulticlassClassificationMetrics.ROC_AUC_OVR_MACRO,
                    "a row of probabilities does not sum to 1 (np.allclose); scikit-learn raises ValueError");
        } else if (classesInLabels != classes) {
            undefined.put(
                    MulticlassClassificationMetrics.ROC_AUC_OVR_MACRO,
                    "only " + classesInLabels + " of " + classes
                            + " classes occur in the labels; scikit-learn raises ValueError");
        } else {
            values.put(MulticlassClassificationMetrics.ROC_AUC_OVR_MACRO, oneVersusRestMacroAuc(trueCounts));
        }
        return new MetricSet(values, undefined, Map.of(), confusion);
    }

    private double oneVersusRestMacroAuc(long[] trueCounts) {
        double[] areas = new double[classes];
        int total = labels.size();
        double[] all = probabilities.backingArray();
        int[] allLabels = labels.backingArray();
        for (int label = 0; label < classes; label++) {
            double[] positives = new double[(int) trueCounts[label]];
            double[] negatives = new double[total - positives.length];
            int positive = 0;
            int negative = 0;
            for (int row = 0; row < total; row++) {
                double score = all[row * classes + label];
                if (allLabels[row] == label) {
                    positives[positive++] = score;
                } else {
                    negatives[negative++] = score;
                }
            }
            DoubleSort.ascending(positives, positives.length);
            DoubleSort.ascending(negatives, negatives.length);
            areas[label] = ThresholdCounts.of(positives, positives.length, negatives, negatives.length)
                    .rocCurve()
                    .area();
        }
        return NumpySum.of(areas, 0, classes) / classes;
    }

    /**
     * One row of scikit-learn's {@code log_loss}: clip every probability to [eps, 1 - eps], divide
     * the row by its sum, and take {@code -log} of the true class's entry.
     */
    private double rowLogLoss(int label, double[] probabilities, int row, double[] clipped) {
        int offset = row * classes;
        for (int column = 0; column < classes; column++) {
            clipped[column] = Math.min(
                    Math.max(probabilities[offset + column], BinaryClassificationAccumulator.LOG_LOSS_EPS),
                    1 - BinaryClassificationAccumulator.LOG_LOSS_EPS);
        }
        double rowSum = NumpySum.of(clipped, 0, classes);
        return -Math.log(clipped[label] / rowSum);
    }

    /** {@code np.average(values)}. */
    private static double mean(double[] values, int count) {
        return NumpySum.of(values, 0, count) / count;
    }

    /** {@code np.average(values, weights=weights)}: {@code sum(values * weights) / sum(weights)}. */
    private static double weightedMean(double[] values, double[] weights, int count) {
        return NumpySum.of(i -> values[i] * weights[i], 0, count) / NumpySum.of(weights, 0, count);
    }
}

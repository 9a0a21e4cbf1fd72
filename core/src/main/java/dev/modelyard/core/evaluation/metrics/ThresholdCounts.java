package dev.modelyard.core.evaluation.metrics;

import java.util.Arrays;

/**
 * scikit-learn's {@code _binary_clf_curve}: the distinct scores in decreasing order, and for each the
 * number of negatives ({@code fps}) and positives ({@code tps}) scored at or above it. Built by
 * merging the two classes' sorted scores from the top, so ties between and within classes fall into
 * one threshold, as in scikit-learn. Counts are whole numbers held exactly in doubles.
 */
final class ThresholdCounts {
    private final double[] thresholds;
    private final double[] falsePositives;
    private final double[] truePositives;

    private ThresholdCounts(double[] thresholds, double[] falsePositives, double[] truePositives) {
        this.thresholds = thresholds;
        this.falsePositives = falsePositives;
        this.truePositives = truePositives;
    }

    /**
     * @param positiveScores the positives' scores, sorted ascending; only the first
     *     {@code positiveCount} are read
     * @param negativeScores the negatives' scores, sorted ascending; only the first
     *     {@code negativeCount} are read
     */
    static ThresholdCounts of(double[] positiveScores, int positiveCount, double[] negativeScores, int negativeCount) {
        int capacity = positiveCount + negativeCount;
        if (capacity == 0) {
            throw new IllegalArgumentException("no scores");
        }
        double[] thresholds = new double[capacity];
        double[] fps = new double[capacity];
        double[] tps = new double[capacity];
        int positive = positiveCount - 1;
        int negative = negativeCount - 1;
        long truePositives = 0;
        long falsePositives = 0;
        int distinct = 0;
        while (positive >= 0 || negative >= 0) {
            double score;
            if (positive < 0) {
                score = negativeScores[negative];
            } else if (negative < 0) {
                score = positiveScores[positive];
            } else {
                score = Math.max(positiveScores[positive], negativeScores[negative]);
            }
            // == rather than equals: -0.0 and 0.0 are one threshold, as np.diff sees them
            while (positive >= 0 && positiveScores[positive] == score) {
                truePositives++;
                positive--;
            }
            while (negative >= 0 && negativeScores[negative] == score) {
                falsePositives++;
                negative--;
            }
            thresholds[distinct] = score;
            fps[distinct] = falsePositives;
            tps[distinct] = truePositives;
            distinct++;
        }
        return new ThresholdCounts(
                Arrays.copyOf(thresholds, distinct), Arrays.copyOf(fps, distinct), Arrays.copyOf(tps, distinct));
    }

    int size() {
        return thresholds.length;
    }

    /**
     * scikit-learn 1.2's {@code roc_curve(drop_intermediate=True)}: drops thresholds whose point is
     * collinear with its neighbours (second difference of both fps and tps zero), prepends (0, 0) with
     * threshold {@code max score + 1}, and divides by the class totals; a class with no rows gives an
     * all-NaN rate, as scikit-learn does (with a warning).
     */
    RocCurve rocCurve() {
        int size = size();
        boolean[] keep = new boolean[size];
        int kept = 0;
        for (int i = 0; i < size; i++) {
            keep[i] = size <= 2 || i == 0 || i == size - 1 || isCorner(falsePositives, i) || isCorner(truePositives, i);
            if (keep[i]) {
                kept++;
            }
        }
        double[] fps = new double[kept + 1];
        double[] tps = new double[kept + 1];
        double[] curveThresholds = new double[kept + 1];
        int at = 1;
        for (int i = 0; i < size; i++) {
            if (keep[i]) {
                fps[at] = falsePositives[i];
                tps[at] = truePositives[i];
                curveThresholds[at] = thresholds[i];
                at++;
            }
        }
        curveThresholds[0] = curveThresholds[1] + 1;
        return new RocCurve(rates(fps), rates(tps), curveThresholds);
    }

    /**
     * scikit-learn 1.2's {@code precision_recall_curve}: every threshold, in increasing order, and
     * the points for them followed by (recall 0, precision 1). With no positives the recall is 1 at
     * every threshold (scikit-learn warns).
     */
    PrecisionRecallCurve precisionRecallCurve() {
        int size = size();
        double[] precision = new double[size + 1];
        double[] recall = new double[size + 1];
        double[] ascendingThresholds = new double[size];
        double positives = truePositives[size - 1];
        for (int i = 0; i < size; i++) {
            int reversed = size - 1 - i;
            double predictedPositive = truePositives[i] + falsePositives[i];
            precision[reversed] = predictedPositive == 0 ? 0.0 : truePositives[i] / predictedPositive;
            recall[reversed] = positives == 0 ? 1.0 : truePositives[i] / positives;
            ascendingThresholds[reversed] = thresholds[i];
        }
        precision[size] = 1.0;
        recall[size] = 0.0;
        return new PrecisionRecallCurve(precision, recall, ascendingThresholds);
    }

    private static boolean isCorner(double[] counts, int i) {
        return (counts[i + 1] - counts[i]) - (counts[i] - counts[i - 1]) != 0;
    }

    private static double[] rates(double[] counts) {
        double total = counts[counts.length - 1];
        double[] rates = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            rates[i] = total <= 0 ? Double.NaN : counts[i] / total;
        }
        return rates;
    }

    /** Arrays of equal length; {@code thresholds} decreasing. */
    record RocCurve(double[] falsePositiveRate, double[] truePositiveRate, double[] thresholds) {
        /** scikit-learn's {@code auc(fpr, tpr)}: numpy's trapezoid rule, terms summed pairwise. */
        double area() {
            double[] x = falsePositiveRate;
            double[] y = truePositiveRate;
            return NumpySum.of(i -> (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0, 0, x.length - 1);
        }
    }

    /** {@code precision} and {@code recall} one longer than {@code thresholds}, which increase. */
    record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {
        /**
         * scikit-learn's {@code average_precision_score}: the step sum {@code -Σ (R[i+1] - R[i]) P[i]},
         * not a trapezoid.
         */
        double averagePrecision() {
            double[] p = precision;
            double[] r = recall;
            return -NumpySum.of(i -> (r[i + 1] - r[i]) * p[i], 0, r.length - 1);
        }
    }
}

package dev.modelyard.core.evaluation.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binary classification metrics over rows fed in batches. Counts and sums are folded in as they
 * come; the ranking metrics (ROC AUC, average precision, the curves) sort the scores, so the
 * accumulator keeps each row's score in a primitive array (eight bytes a row, no per-row objects).
 * Not thread-safe. {@link #result()} may be called any number of times, also between batches.
 *
 * <p>Definitions are scikit-learn 1.2.1's; see the package documentation.
 */
public final class BinaryClassificationAccumulator {
    static final int CALIBRATION_BINS = 10;
    static final int HISTOGRAM_BINS = 10;
    /** {@code np.finfo(np.float64).eps}, scikit-learn 1.2's {@code log_loss(eps="auto")} for float64. */
    static final double LOG_LOSS_EPS = Math.ulp(1.0);

    private final double threshold;
    private long rows;
    private long trueNegatives;
    private long falsePositives;
    private long falseNegatives;
    private long truePositives;
    private final CompensatedSum logLoss = new CompensatedSum();
    private final CompensatedSum squaredError = new CompensatedSum();
    private final GrowableDoubleArray positiveScores = new GrowableDoubleArray();
    private final GrowableDoubleArray negativeScores = new GrowableDoubleArray();
    private final double[] calibrationScoreSums = new double[CALIBRATION_BINS];
    private final long[] calibrationRows = new long[CALIBRATION_BINS];
    private final long[] calibrationPositives = new long[CALIBRATION_BINS];
    private final double[] calibrationInnerEdges;
    private final UniformHistogram negativeHistogram = new UniformHistogram(0.0, 1.0, HISTOGRAM_BINS);
    private final UniformHistogram positiveHistogram = new UniformHistogram(0.0, 1.0, HISTOGRAM_BINS);
    private double minScore = Double.POSITIVE_INFINITY;
    private double maxScore = Double.NEGATIVE_INFINITY;

    /**
     * @param threshold a row is predicted positive when its score is {@code >= threshold}
     */
    public BinaryClassificationAccumulator(double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        this.threshold = threshold;
        double[] edges = UniformHistogram.linspace(0.0, 1.0, CALIBRATION_BINS + 1);
        this.calibrationInnerEdges = Arrays.copyOfRange(edges, 1, CALIBRATION_BINS);
    }

    public double threshold() {
        return threshold;
    }

    public long rows() {
        return rows;
    }

    /** Adds every row of these arrays. */
    public BinaryClassificationAccumulator add(int[] labels, double[] scoresOfPositive) {
        requireNonNull(labels, "labels is null");
        requireNonNull(scoresOfPositive, "scoresOfPositive is null");
        if (labels.length != scoresOfPositive.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + scoresOfPositive.length + " scores");
        }
        return add(labels, scoresOfPositive, 0, labels.length);
    }

    /**
     * Adds rows {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param labels 0 or 1 for each row
     * @param scoresOfPositive finite score of class 1 for each row, normally its probability
     * @throws IllegalArgumentException for a label other than 0 or 1 or a non-finite score; the
     *     accumulator is then unchanged
     */
    public BinaryClassificationAccumulator add(int[] labels, double[] scoresOfPositive, int from, int to) {
        requireNonNull(labels, "labels is null");
        requireNonNull(scoresOfPositive, "scoresOfPositive is null");
        Objects.checkFromToIndex(from, to, labels.length);
        Objects.checkFromToIndex(from, to, scoresOfPositive.length);
        for (int row = from; row < to; row++) {
            if (labels[row] != 0 && labels[row] != 1) {
                throw new IllegalArgumentException("label " + labels[row] + " at row " + row + " is not 0 or 1");
            }
            if (!Double.isFinite(scoresOfPositive[row])) {
                throw new IllegalArgumentException(
                        "score " + scoresOfPositive[row] + " at row " + row + " is not finite");
            }
        }
        if (from == to) {
            return this;
        }
        logLoss.add(NumpySum.of(row -> rowLogLoss(labels[row], scoresOfPositive[row]), from, to));
        squaredError.add(NumpySum.of(
                row -> {
                    double difference = labels[row] - scoresOfPositive[row];
                    return difference * difference;
                },
                from,
                to));
        for (int row = from; row < to; row++) {
            int label = labels[row];
            double score = scoresOfPositive[row];
            boolean predictedPositive = score >= threshold;
            if (label == 1) {
                positiveScores.add(score);
                positiveHistogram.add(score);
                if (predictedPositive) {
                    truePositives++;
                } else {
                    falseNegatives++;
                }
            } else {
                negativeScores.add(score);
                negativeHistogram.add(score);
                if (predictedPositive) {
                    falsePositives++;
                } else {
                    trueNegatives++;
                }
            }
            int bin = calibrationBin(score);
            calibrationScoreSums[bin] += score;
            calibrationRows[bin]++;
            calibrationPositives[bin] += label;
            minScore = Math.min(minScore, score);
            maxScore = Math.max(maxScore, score);
        }
        rows += to - from;
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
        Map<String, Chart> charts = new LinkedHashMap<>();

        double n = rows;
        values.put(BinaryClassificationMetrics.ACCURACY, (truePositives + trueNegatives) / n);
        double precision = ratioOrZero(truePositives, truePositives + falsePositives);
        double recall = ratioOrZero(truePositives, truePositives + falseNegatives);
        values.put(BinaryClassificationMetrics.PRECISION, precision);
        values.put(BinaryClassificationMetrics.RECALL, recall);
        values.put(BinaryClassificationMetrics.F1, f1(precision, recall));

        positiveScores.sort();
        negativeScores.sort();
        ThresholdCounts counts = ThresholdCounts.of(
                positiveScores.backingArray(), positiveScores.size(),
                negativeScores.backingArray(), negativeScores.size());
        ThresholdCounts.RocCurve roc = counts.rocCurve();
        ThresholdCounts.PrecisionRecallCurve precisionRecall = counts.precisionRecallCurve();
        if (positiveScores.size() == 0 || negativeScores.size() == 0) {
            undefined.put(
                    BinaryClassificationMetrics.ROC_AUC,
                    "only one class in the labels; ROC AUC is not defined (scikit-learn raises ValueError)");
        } else {
            values.put(BinaryClassificationMetrics.ROC_AUC, roc.area());
        }
        values.put(BinaryClassificationMetrics.AVERAGE_PRECISION, precisionRecall.averagePrecision());
        values.put(BinaryClassificationMetrics.LOG_LOSS, logLoss.value() / n);
        String notProbabilities = maxScore > 1
                ? "a score is greater than 1, so the scores are not probabilities (scikit-learn raises ValueError)"
                : minScore < 0
                        ? "a score is less than 0, so the scores are not probabilities (scikit-learn raises ValueError)"
                        : null;
        if (notProbabilities == null) {
            values.put(BinaryClassificationMetrics.BRIER_SCORE, squaredError.value() / n);
        } else {
            undefined.put(BinaryClassificationMetrics.BRIER_SCORE, notProbabilities);
        }

        charts.put(
                BinaryClassificationMetrics.ROC_CURVE,
                new Chart(
                        Chart.LINE,
                        List.of(
                                new Chart.Series("fpr", roc.falsePositiveRate()),
                                new Chart.Series("tpr", roc.truePositiveRate()),
                                new Chart.Series("thresholds", roc.thresholds()))));
        charts.put(
                BinaryClassificationMetrics.PRECISION_RECALL_CURVE,
                new Chart(
                        Chart.LINE,
                        List.of(
                                new Chart.Series("precision", precisionRecall.precision()),
                                new Chart.Series("recall", precisionRecall.recall()),
                                new Chart.Series("thresholds", precisionRecall.thresholds()))));
        if (notProbabilities == null) {
            charts.put(BinaryClassificationMetrics.CALIBRATION_CURVE, calibrationCurve());
        } else {
            undefined.put(BinaryClassificationMetrics.CALIBRATION_CURVE, notProbabilities);
        }
        charts.put(
                BinaryClassificationMetrics.SCORE_HISTOGRAM,
                new Chart(
                        Chart.HISTOGRAM,
                        List.of(
                                negativeHistogram.edgesSeries(),
                                negativeHistogram.countsSeries("negative_counts"),
                                positiveHistogram.countsSeries("positive_counts"))));

        long[][] confusion = {{trueNegatives, falsePositives}, {falseNegatives, truePositives}};
        return new MetricSet(values, undefined, charts, confusion);
    }

    private Chart calibrationCurve() {
        GrowableDoubleArray observed = new GrowableDoubleArray();
        GrowableDoubleArray predicted = new GrowableDoubleArray();
        for (int bin = 0; bin < CALIBRATION_BINS; bin++) {
            if (calibrationRows[bin] != 0) {
                observed.add((double) calibrationPositives[bin] / calibrationRows[bin]);
                predicted.add(calibrationScoreSums[bin] / calibrationRows[bin]);
            }
        }
        return new Chart(
                Chart.LINE,
                List.of(
                        new Chart.Series("prob_true", observed.toArray()),
                        new Chart.Series("prob_pred", predicted.toArray())));
    }

    /** {@code np.searchsorted(inner_edges, score)} (side left): the inner edges below the score. */
    private int calibrationBin(double score) {
        int bin = 0;
        while (bin < calibrationInnerEdges.length && calibrationInnerEdges[bin] < score) {
            bin++;
        }
        return bin;
    }

    /**
     * One row of scikit-learn's {@code log_loss}: clip the score to [eps, 1 - eps], form the row
     * {@code [1 - p, p]}, divide it by its sum, and take {@code -log} of the true class's entry.
     */
    static double rowLogLoss(int label, double score) {
        double positive = Math.min(Math.max(score, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
        double negative = 1 - positive;
        double rowSum = negative + positive;
        return -Math.log((label == 1 ? positive : negative) / rowSum);
    }

    static double ratioOrZero(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    /** scikit-learn's F-score with beta 1: {@code 2 * p * r / (p + r)}, 0 when both are 0. */
    static double f1(double precision, double recall) {
        double denominator = precision + recall;
        if (denominator == 0.0) {
            denominator = 1;
        }
        return 2.0 * precision * recall / denominator;
    }
}

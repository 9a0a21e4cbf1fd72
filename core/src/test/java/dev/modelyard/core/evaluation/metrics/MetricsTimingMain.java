package dev.modelyard.core.evaluation.metrics;

import java.util.SplittableRandom;

/**
 * Prints how long 1M-row evaluations take; asserts nothing and is not run by the build. Run after
 * {@code mvn -pl core test-compile}:
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes dev.modelyard.core.evaluation.metrics.MetricsTimingMain
 * </pre>
 */
final class MetricsTimingMain {
    private static final int ROWS = 1_000_000;
    private static final int CLASSES = 10;

    private MetricsTimingMain() {}

    public static void main(String[] arguments) {
        SplittableRandom random = new SplittableRandom(20240601);
        int[] binaryLabels = new int[ROWS];
        double[] scores = new double[ROWS];
        double[] actual = new double[ROWS];
        double[] predicted = new double[ROWS];
        int[] classLabels = new int[ROWS];
        double[] probabilities = new double[ROWS * CLASSES];
        for (int row = 0; row < ROWS; row++) {
            binaryLabels[row] = random.nextInt(2);
            // float32-like probabilities: many distinct values, some ties
            scores[row] = (float) Math.min(1.0, Math.max(0.0, 0.3 * binaryLabels[row] + 0.7 * random.nextDouble()));
            actual[row] = 100 * random.nextGaussian();
            predicted[row] = actual[row] + 10 * random.nextGaussian();
            classLabels[row] = random.nextInt(CLASSES);
            double sum = 0;
            for (int column = 0; column < CLASSES; column++) {
                double weight = random.nextDouble() + (column == classLabels[row] ? 1.0 : 0.0);
                probabilities[row * CLASSES + column] = weight;
                sum += weight;
            }
            for (int column = 0; column < CLASSES; column++) {
                probabilities[row * CLASSES + column] /= sum;
            }
        }
        for (int round = 1; round <= 5; round++) {
            long start = System.nanoTime();
            MetricSet binary = BinaryClassificationMetrics.compute(binaryLabels, scores, 0.5);
            long binaryDone = System.nanoTime();
            MetricSet regression = RegressionMetrics.compute(actual, predicted);
            long regressionDone = System.nanoTime();
            MetricSet multiclass = MulticlassClassificationMetrics.compute(classLabels, probabilities, CLASSES);
            long multiclassDone = System.nanoTime();
            System.out.printf(
                    "round %d: binary %d ms (roc_auc %.6f, %d PR points), regression %d ms (r2 %.6f),"
                            + " multiclass k=%d %d ms (roc_auc_ovr_macro %.6f)%n",
                    round,
                    (binaryDone - start) / 1_000_000,
                    binary.values().get("roc_auc"),
                    binary.charts().get("precision_recall_curve").values("recall").length,
                    (regressionDone - binaryDone) / 1_000_000,
                    regression.values().get("r2"),
                    CLASSES,
                    (multiclassDone - regressionDone) / 1_000_000,
                    multiclass.values().get("roc_auc_ovr_macro"));
        }
    }
}

package dev.modelyard.core.evaluation.metrics;

import static dev.modelyard.core.evaluation.metrics.ReferenceCases.assertMatchesReference;
import static dev.modelyard.core.evaluation.metrics.ReferenceCases.assertSameResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.core.objective.MetricCatalog;
import dev.modelyard.core.objective.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BinaryClassificationMetricsTest {

    static Stream<Named<JsonNode>> referenceCases() {
        return ReferenceCases.cases("binary_reference.json");
    }

    @ParameterizedTest
    @MethodSource("referenceCases")
    void matchesScikitLearn(JsonNode referenceCase) {
        MetricSet metrics = BinaryClassificationMetrics.compute(
                ReferenceCases.labels(referenceCase),
                ReferenceCases.doubles(referenceCase, "scores"),
                referenceCase.get("threshold").doubleValue());

        assertMatchesReference(metrics, referenceCase);
    }

    @ParameterizedTest
    @MethodSource("referenceCases")
    void givesTheSameResultWhateverTheBatches(JsonNode referenceCase) {
        int[] labels = ReferenceCases.labels(referenceCase);
        double[] scores = ReferenceCases.doubles(referenceCase, "scores");
        double threshold = referenceCase.get("threshold").doubleValue();
        MetricSet oneBatch = BinaryClassificationMetrics.compute(labels, scores, threshold);

        for (int batchSize : new int[] {1, 7, 128, 1000}) {
            BinaryClassificationAccumulator accumulator = new BinaryClassificationAccumulator(threshold);
            for (int from = 0; from < labels.length; from += batchSize) {
                accumulator.add(labels, scores, from, Math.min(labels.length, from + batchSize));
            }
            assertSameResult(accumulator.result(), oneBatch);
        }
    }

    @Test
    void namesEveryCatalogMetricAsValueOrUndefined() {
        List<String> catalog = new ArrayList<>(
                MetricCatalog.metrics(TaskType.BINARY_CLASSIFICATION).keySet());

        MetricSet twoClasses =
                BinaryClassificationMetrics.compute(new int[] {0, 1, 1}, new double[] {0.2, 0.7, 0.4}, 0.5);
        MetricSet oneClass = BinaryClassificationMetrics.compute(new int[] {1, 1}, new double[] {0.2, 0.7}, 0.5);

        assertThat(twoClasses.values().keySet()).containsExactlyElementsOf(catalog);
        assertThat(twoClasses.undefined()).isEmpty();
        assertThat(oneClass.values().keySet()).doesNotContain("roc_auc").isSubsetOf(catalog);
        assertThat(oneClass.undefined()).containsOnlyKeys("roc_auc");
        assertThat(oneClass.value("roc_auc")).isEmpty();
    }

    @Test
    void predictsPositiveAtExactlyTheThreshold() {
        MetricSet metrics = BinaryClassificationMetrics.compute(new int[] {1, 0}, new double[] {0.5, 0.5}, 0.5);

        assertThat(metrics.confusionMatrix()).isDeepEqualTo(new long[][] {{0, 1}, {0, 1}});
    }

    @Test
    void rejectsWhatIsNotABinaryEvaluation() {
        assertThatThrownBy(() -> BinaryClassificationMetrics.compute(new int[] {0, 2}, new double[] {0.1, 0.2}, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 2");
        assertThatThrownBy(() ->
                        BinaryClassificationMetrics.compute(new int[] {0, 1}, new double[] {0.1, Double.NaN}, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> BinaryClassificationMetrics.compute(new int[] {0, 1}, new double[] {0.1}, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryClassificationMetrics.compute(new int[0], new double[0], 0.5))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new BinaryClassificationAccumulator(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRejectedBatchLeavesTheAccumulatorUnchanged() {
        BinaryClassificationAccumulator accumulator =
                new BinaryClassificationAccumulator(0.5).add(new int[] {0, 1}, new double[] {0.3, 0.8});
        MetricSet before = accumulator.result();

        assertThatThrownBy(() -> accumulator.add(new int[] {1, 5}, new double[] {0.9, 0.1}))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(accumulator.rows()).isEqualTo(2);
        assertThat(accumulator.result()).isEqualTo(before);
    }

    @Test
    void resultsCannotBeChangedThroughTheirArrays() {
        MetricSet metrics = BinaryClassificationMetrics.compute(new int[] {0, 1}, new double[] {0.3, 0.8}, 0.5);
        Chart roc = metrics.charts().get(BinaryClassificationMetrics.ROC_CURVE);

        roc.values("tpr")[0] = 42;
        metrics.confusionMatrix()[0][0] = 42;

        assertThat(roc.values("tpr")[0]).isZero();
        assertThat(metrics.confusionMatrix()[0][0]).isEqualTo(1);
    }
}

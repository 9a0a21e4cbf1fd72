package dev.modelyard.core.evaluation.metrics;

import static dev.modelyard.core.evaluation.metrics.ReferenceCases.assertMatchesReference;
import static dev.modelyard.core.evaluation.metrics.ReferenceCases.assertSameResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.core.objective.MetricCatalog;
import dev.modelyard.core.objective.TaskType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MulticlassClassificationMetricsTest {

    static Stream<Named<JsonNode>> referenceCases() {
        return ReferenceCases.cases("multiclass_reference.json");
    }

    @ParameterizedTest
    @MethodSource("referenceCases")
    void matchesScikitLearn(JsonNode referenceCase) {
        MetricSet metrics = MulticlassClassificationMetrics.compute(
                ReferenceCases.labels(referenceCase),
                ReferenceCases.probabilities(referenceCase),
                referenceCase.get("classes").intValue());

        assertMatchesReference(metrics, referenceCase);
    }

    @ParameterizedTest
    @MethodSource("referenceCases")
    void givesTheSameResultWhateverTheBatches(JsonNode referenceCase) {
        int[] labels = ReferenceCases.labels(referenceCase);
        double[] probabilities = ReferenceCases.probabilities(referenceCase);
        int classes = referenceCase.get("classes").intValue();
        MetricSet oneBatch = MulticlassClassificationMetrics.compute(labels, probabilities, classes);

        for (int batchSize : new int[] {1, 13, 150}) {
            MulticlassClassificationAccumulator accumulator = new MulticlassClassificationAccumulator(classes);
            for (int from = 0; from < labels.length; from += batchSize) {
                accumulator.add(labels, probabilities, from, Math.min(labels.length, from + batchSize));
            }
            assertSameResult(accumulator.result(), oneBatch);
        }
    }

    @Test
    void namesEveryCatalogMetric() {
        MetricSet metrics = MulticlassClassificationMetrics.compute(
                new int[] {0, 1, 2}, new double[] {0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.3, 0.3, 0.4}, 3);

        assertThat(metrics.values().keySet())
                .containsExactlyElementsOf(MetricCatalog.metrics(TaskType.MULTICLASS_CLASSIFICATION)
                        .keySet());
        assertThat(metrics.charts()).isEmpty();
    }

    @Test
    void predictsTheFirstClassOfATiedMaximum() {
        MetricSet metrics = MulticlassClassificationMetrics.compute(
                new int[] {2, 2}, new double[] {0.25, 0.375, 0.375, 0.5, 0.0, 0.5}, 3);

        assertThat(metrics.confusionMatrix()).isDeepEqualTo(new long[][] {{0, 0, 0}, {0, 0, 0}, {1, 1, 0}});
    }

    @Test
    void rejectsWhatIsNotAMulticlassEvaluation() {
        assertThatThrownBy(
                        () -> MulticlassClassificationMetrics.compute(new int[] {3}, new double[] {0.2, 0.3, 0.5}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 3");
        assertThatThrownBy(() -> MulticlassClassificationMetrics.compute(new int[] {0}, new double[] {0.2, 0.8}, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MulticlassClassificationMetrics.compute(
                        new int[] {0}, new double[] {0.2, Double.POSITIVE_INFINITY, 0.5}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> new MulticlassClassificationAccumulator(1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MulticlassClassificationAccumulator(3).result())
                .isInstanceOf(IllegalStateException.class);
    }
}

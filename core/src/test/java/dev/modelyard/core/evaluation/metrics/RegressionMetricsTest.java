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

class RegressionMetricsTest {

    static Stream<Named<JsonNode>> referenceCases() {
        return ReferenceCases.cases("regression_reference.json");
    }

    @ParameterizedTest
    @MethodSource("referenceCases")
    void matchesScikitLearn(JsonNode referenceCase) {
        MetricSet metrics = RegressionMetrics.compute(
                ReferenceCases.doubles(referenceCase, "actual"), ReferenceCases.doubles(referenceCase, "predicted"));

        assertMatchesReference(metrics, referenceCase);
        assertThat(metrics.confusionMatrix()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("referenceCases")
    void givesTheSameResultWhateverTheBatches(JsonNode referenceCase) {
        double[] actual = ReferenceCases.doubles(referenceCase, "actual");
        double[] predicted = ReferenceCases.doubles(referenceCase, "predicted");
        MetricSet oneBatch = RegressionMetrics.compute(actual, predicted);

        for (int batchSize : new int[] {1, 3, 64, 999}) {
            RegressionAccumulator accumulator = new RegressionAccumulator();
            for (int from = 0; from < actual.length; from += batchSize) {
                accumulator.add(actual, predicted, from, Math.min(actual.length, from + batchSize));
            }
            assertSameResult(accumulator.result(), oneBatch);
        }
    }

    @Test
    void namesEveryCatalogMetric() {
        MetricSet metrics = RegressionMetrics.compute(new double[] {1, 2, 4}, new double[] {1.5, 2, 3});

        assertThat(metrics.values().keySet())
                .containsExactlyElementsOf(
                        MetricCatalog.metrics(TaskType.REGRESSION).keySet());
    }

    @Test
    void samplesAtMostAThousandEvenlySpacedRowsForTheScatterChart() {
        int rows = 1_000_001;
        double[] actual = new double[rows];
        double[] predicted = new double[rows];
        for (int row = 0; row < rows; row++) {
            actual[row] = row;
            predicted[row] = row + (row % 3);
        }

        Chart scatter =
                RegressionMetrics.compute(actual, predicted).charts().get(RegressionMetrics.PREDICTED_VS_ACTUAL);

        double[] rowIndex = scatter.values("row_index");
        assertThat(rowIndex).hasSize(977); // stride 1024: rows 0, 1024, ..., 999424
        for (int i = 0; i < rowIndex.length; i++) {
            assertThat(rowIndex[i]).isEqualTo(i * 1024.0);
        }
        assertThat(scatter.values("actual")).isEqualTo(rowIndex);
        assertThat(scatter.values("predicted")[1]).isEqualTo(1024 + 1024 % 3);
    }

    @Test
    void rejectsWhatIsNotARegressionEvaluation() {
        assertThatThrownBy(() -> RegressionMetrics.compute(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> RegressionMetrics.compute(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegressionMetrics.compute(new double[0], new double[0]))
                .isInstanceOf(IllegalStateException.class);
    }
}

package dev.modelyard.core.monitoring.drift;

import static dev.modelyard.core.monitoring.drift.DriftReference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BinnedDistributionsTest {
    static Stream<Named<JsonNode>> numericCases() {
        return DriftReference.numericCases();
    }

    static Stream<Named<JsonNode>> categoricalCases() {
        return DriftReference.categoricalCases();
    }

    @ParameterizedTest
    @MethodSource("numericCases")
    void numericBinsMatchNumpyAndScipy(JsonNode referenceCase) {
        BinnedDistributions bins = BinnedDistributions.numeric(
                DriftReference.baseline(referenceCase), DriftReference.current(referenceCase));

        JsonNode expectedBins = referenceCase.get("bins");
        double[] expectedEdges = DriftReference.numbers(expectedBins.get("edges"));
        double[] edges = bins.edges();
        for (int i = 0; i < expectedEdges.length; i++) {
            assertClose("edge " + i, edges[i], expectedEdges[i]);
        }
        assertThat(bins.baselineCounts()).containsExactly(DriftReference.numbers(expectedBins.get("baseline_counts")));
        assertThat(bins.currentCounts()).containsExactly(DriftReference.numbers(expectedBins.get("current_counts")));
        assertThat(bins.labels()).hasSize(10);
        assertClose("psi", bins.populationStabilityIndex(), DriftReference.value(referenceCase, "psi"));
        assertClose(
                "jensen_shannon_distance",
                bins.jensenShannonDistance(),
                DriftReference.value(referenceCase, "jensen_shannon_distance"));
    }

    @ParameterizedTest
    @MethodSource("categoricalCases")
    void categoricalDistancesMatchScipy(JsonNode referenceCase) {
        BinnedDistributions bins = BinnedDistributions.categorical(
                DriftReference.counts(referenceCase, "baseline"), DriftReference.counts(referenceCase, "current"));

        assertClose("psi", bins.populationStabilityIndex(), DriftReference.value(referenceCase, "psi"));
        assertClose(
                "jensen_shannon_distance",
                bins.jensenShannonDistance(),
                DriftReference.value(referenceCase, "jensen_shannon_distance"));
    }

    @Test
    void aValueOnAnEdgeGoesToTheLowerBin() {
        double[] baseline = new double[100];
        Arrays.setAll(baseline, i -> i + 1); // deciles at 10.9, 20.8, …
        double[] edges = BinnedDistributions.numeric(baseline, new double[] {1}).edges();

        assertThat(BinnedDistributions.binOf(edges, edges[0])).isZero();
        assertThat(BinnedDistributions.binOf(edges, Math.nextUp(edges[0]))).isEqualTo(1);
        assertThat(BinnedDistributions.binOf(edges, -1e300)).isZero();
        assertThat(BinnedDistributions.binOf(edges, 1e300)).isEqualTo(9);
    }

    @Test
    void newCategoriesGetTheirOwnBinAfterTheBaselines() {
        Map<String, Long> baseline = new LinkedHashMap<>();
        baseline.put("b", 3L);
        baseline.put("a", 1L);
        baseline.put("unused", 0L);
        BinnedDistributions bins =
                BinnedDistributions.categoricalValues(List.of("b", "a", "b", "b"), List.of("c", "a", "c"));
        BinnedDistributions fromCounts = BinnedDistributions.categorical(baseline, Map.of("a", 1, "c", 2));

        assertThat(bins.labels()).containsExactly("b", "a", "c");
        assertThat(bins.newCategories()).containsExactly("c");
        assertThat(bins.baselineCounts()).containsExactly(3, 1, 0);
        assertThat(bins.currentCounts()).containsExactly(0, 1, 2);
        assertThat(fromCounts.labels()).containsExactly("b", "a", "c");
        assertThat(fromCounts.chiSquared().statistic()).isInfinite();
        assertThat(fromCounts.chiSquared().pValue()).isZero();
    }

    @Test
    void psiSmoothsEmptyBinsWithoutRenormalising() {
        double psi = BinnedDistributions.populationStabilityIndex(new double[] {1.0, 0.0}, new double[] {0.5, 0.5});

        assertThat(psi).isCloseTo((0.5 - 1.0) * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4), within(1e-15));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> BinnedDistributions.numeric(new double[] {}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseline is empty");
        assertThatThrownBy(() -> BinnedDistributions.numeric(new double[] {1}, new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current[0] is NaN");
        assertThatThrownBy(() -> BinnedDistributions.categorical(Map.of("a", 0), Map.of("a", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseline is empty");
        assertThatThrownBy(() -> BinnedDistributions.categorical(Map.of("a", -1), Map.of("a", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count of category 'a' is -1");
        assertThatThrownBy(() -> BinnedDistributions.categoricalValues(List.of("a"), Arrays.asList("a", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current holds a null value");
    }
}

package dev.modelyard.core.monitoring.drift;

import static dev.modelyard.core.monitoring.drift.DriftReference.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WassersteinTest {
    static Stream<Named<JsonNode>> numericCases() {
        return DriftReference.numericCases();
    }

    @ParameterizedTest
    @MethodSource("numericCases")
    void matchesScipyWassersteinDistance(JsonNode referenceCase) {
        double[] baseline = DriftReference.baseline(referenceCase);
        double[] current = DriftReference.current(referenceCase);

        assertClose(
                "wasserstein_distance",
                Wasserstein.distance(baseline, current),
                DriftReference.value(referenceCase, "wasserstein_distance"));
        assertClose(
                "baseline_std",
                DriftInputs.populationStandardDeviation(baseline),
                DriftReference.value(referenceCase, "baseline_std"));
        if (DriftReference.isUndefined(referenceCase, "wasserstein_normalized")) {
            assertThat(Wasserstein.normalizedDistance(baseline, current)).isNaN();
        } else {
            assertClose(
                    "wasserstein_normalized",
                    Wasserstein.normalizedDistance(baseline, current),
                    DriftReference.value(referenceCase, "wasserstein_normalized"));
        }
    }

    @Test
    void isTheAreaBetweenTheDistributionFunctions() {
        // scipy's docstring example: wasserstein_distance([0, 1, 3], [5, 6, 8]) == 5.0
        assertThat(Wasserstein.distance(new double[] {0, 1, 3}, new double[] {5, 6, 8}))
                .isEqualTo(5.0);
        assertThat(Wasserstein.distance(new double[] {2, 2, 2}, new double[] {2}))
                .isZero();
    }

    @Test
    void rejectsEmptyAndNonFiniteSamples() {
        assertThatThrownBy(() -> Wasserstein.distance(new double[] {}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("u is empty");
        assertThatThrownBy(() -> Wasserstein.normalizedDistance(new double[] {1, 2}, new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current[0] is NaN");
    }
}

package dev.modelyard.core.monitoring.drift;

import static dev.modelyard.core.monitoring.drift.DriftReference.assertClose;
import static dev.modelyard.core.monitoring.drift.DriftReference.assertPValueClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChiSquaredTest {
    static Stream<Named<JsonNode>> categoricalCases() {
        return DriftReference.categoricalCases();
    }

    @ParameterizedTest
    @MethodSource("categoricalCases")
    void matchesScipyChisquare(JsonNode referenceCase) {
        ChiSquared.Result result = BinnedDistributions.categorical(
                        DriftReference.counts(referenceCase, "baseline"),
                        DriftReference.counts(referenceCase, "current"))
                .chiSquared();

        assertClose(
                "chi_squared_statistic",
                result.statistic(),
                DriftReference.value(referenceCase, "chi_squared_statistic"));
        if (DriftReference.isUndefined(referenceCase, "chi_squared_p_value")) {
            assertThat(result.pValue()).isNaN();
        } else {
            assertPValueClose(
                    "chi_squared_p_value", result.pValue(), DriftReference.value(referenceCase, "chi_squared_p_value"));
        }
        assertThat(result.degreesOfFreedom())
                .isEqualTo(referenceCase.get("categories").size() - 1);
    }

    @Test
    void rejectsMismatchedInput() {
        assertThatThrownBy(() -> ChiSquared.goodnessOfFit(new double[] {1, 2}, new double[] {3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observed has 2 categories but expected has 1");
        assertThatThrownBy(() -> ChiSquared.goodnessOfFit(new double[] {1, 2}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("totals differ");
        assertThatThrownBy(() -> ChiSquared.goodnessOfFit(new double[] {1, Double.NaN}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observed[1] is NaN");
    }
}

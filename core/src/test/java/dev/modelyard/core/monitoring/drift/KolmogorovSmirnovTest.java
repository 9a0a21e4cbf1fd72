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

class KolmogorovSmirnovTest {
    static Stream<Named<JsonNode>> numericCases() {
        return DriftReference.numericCases();
    }

    @ParameterizedTest
    @MethodSource("numericCases")
    void matchesScipyKs2samp(JsonNode referenceCase) {
        KolmogorovSmirnov.Result result = KolmogorovSmirnov.twoSample(
                DriftReference.baseline(referenceCase), DriftReference.current(referenceCase));

        assertClose("statistic", result.statistic(), DriftReference.value(referenceCase, "ks_statistic"));
        assertPValueClose("p-value", result.pValue(), DriftReference.value(referenceCase, "ks_p_value"));
        String expectedMethod = referenceCase.get("detail").get("ks_method").asText();
        assertThat(result.pValueMethod())
                .isEqualTo(
                        expectedMethod.equals("exact")
                                ? KolmogorovSmirnov.PValueMethod.EXACT
                                : KolmogorovSmirnov.PValueMethod.ASYMPTOTIC);
    }

    @ParameterizedTest
    @MethodSource("numericCases")
    void isSymmetric(JsonNode referenceCase) {
        double[] baseline = DriftReference.baseline(referenceCase);
        double[] current = DriftReference.current(referenceCase);

        assertThat(KolmogorovSmirnov.twoSample(current, baseline))
                .isEqualTo(KolmogorovSmirnov.twoSample(baseline, current));
    }

    /** Every branch of scipy's {@code _kolmogn} survival function, row by row. */
    @Test
    void kolmogorovSurvivalMatchesScipyKstwo() {
        int rows = 0;
        for (JsonNode row : DriftReference.document().get("kolmogorov_sf")) {
            long n = row.get(0).longValue();
            double x = row.get(1).doubleValue();
            double expected = DriftReference.number(row.get(2));
            String branch = row.get(3).asText();
            assertPValueClose(
                    "kstwo.sf(" + x + ", " + n + ") [" + branch + "]",
                    KolmogorovDistribution.twoSidedSurvival(n, x),
                    expected);
            rows++;
        }
        assertThat(rows).isGreaterThan(500);
    }

    @Test
    void exactPValuesMatchScipy() {
        int rows = 0;
        for (JsonNode row : DriftReference.document().get("exact_two_sample")) {
            int n1 = row.get(0).intValue();
            int n2 = row.get(1).intValue();
            long h = row.get(2).longValue();
            assertPValueClose(
                    "exact p-value n1=" + n1 + " n2=" + n2 + " h=" + h,
                    KolmogorovSmirnov.exactPValue(n1, n2, h),
                    DriftReference.number(row.get(3)));
            rows++;
        }
        assertThat(rows).isGreaterThan(100);
    }

    @Test
    void leavesTheInputAlone() {
        double[] baseline = {3.0, 1.0, 2.0};
        double[] current = {0.5, 2.5};

        KolmogorovSmirnov.twoSample(baseline, current);

        assertThat(baseline).containsExactly(3.0, 1.0, 2.0);
        assertThat(current).containsExactly(0.5, 2.5);
    }

    @Test
    void rejectsEmptyAndNonFiniteSamples() {
        assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseline is empty");
        assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[] {1}, new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current is empty");
        assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[] {1, Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseline[1] is NaN");
        assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(new double[] {1}, new double[] {Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current[0] is Infinity");
    }
}

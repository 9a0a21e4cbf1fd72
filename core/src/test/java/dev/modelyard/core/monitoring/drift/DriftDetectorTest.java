package dev.modelyard.core.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {
    private static final int LARGE = 5000;
    private static final int SMALL = 400;

    private final DriftDetector detector = new DriftDetector(DriftSettings.defaults());

    @Test
    void largeBaselineShiftedByHalfAStandardDeviationDrifts() {
        FeatureDrift result = detector.numeric("age", normal(LARGE, 0.0, 1), normal(LARGE, 0.5, 2));

        assertThat(result.method()).isEqualTo(DriftMethod.WASSERSTEIN_NORMALIZED);
        assertThat(result.statistic()).isCloseTo(0.5, within(0.05));
        assertThat(result.threshold()).isEqualTo(0.1);
        assertThat(result.drifted()).isTrue();
        assertThat(result.approximate()).isFalse();
        assertThat(result.pValue()).isEmpty();
        assertThat(result.values())
                .containsOnlyKeys(
                        FeatureDrift.BASELINE_ROWS,
                        FeatureDrift.CURRENT_ROWS,
                        FeatureDrift.KOLMOGOROV_SMIRNOV_STATISTIC,
                        FeatureDrift.KOLMOGOROV_SMIRNOV_P_VALUE,
                        FeatureDrift.WASSERSTEIN_DISTANCE,
                        FeatureDrift.BASELINE_STANDARD_DEVIATION,
                        FeatureDrift.WASSERSTEIN_NORMALIZED,
                        FeatureDrift.POPULATION_STABILITY_INDEX,
                        FeatureDrift.JENSEN_SHANNON_DISTANCE);
        assertThat(result.values().get(FeatureDrift.KOLMOGOROV_SMIRNOV_P_VALUE)).isLessThan(1e-10);
    }

    @Test
    void largeBaselineFromTheSameDistributionDoesNotDrift() {
        FeatureDrift result = detector.numeric("age", normal(LARGE, 0.0, 1), normal(LARGE, 0.0, 2));

        assertThat(result.method()).isEqualTo(DriftMethod.WASSERSTEIN_NORMALIZED);
        assertThat(result.statistic()).isLessThan(0.05);
        assertThat(result.drifted()).isFalse();
    }

    @Test
    void smallBaselineIsJudgedByKolmogorovSmirnov() {
        FeatureDrift shifted = detector.numeric("age", normal(SMALL, 0.0, 1), normal(SMALL, 0.5, 2));
        FeatureDrift same = detector.numeric("age", normal(SMALL, 0.0, 3), normal(SMALL, 0.0, 4));

        assertThat(shifted.method()).isEqualTo(DriftMethod.KOLMOGOROV_SMIRNOV);
        assertThat(shifted.pValue().orElseThrow()).isLessThan(1e-6);
        assertThat(shifted.drifted()).isTrue();
        assertThat(same.method()).isEqualTo(DriftMethod.KOLMOGOROV_SMIRNOV);
        assertThat(same.pValue().orElseThrow()).isGreaterThan(0.05);
        assertThat(same.drifted()).isFalse();
        assertThat(same.statistic()).isEqualTo(same.values().get(FeatureDrift.KOLMOGOROV_SMIRNOV_STATISTIC));
    }

    @Test
    void categoricalFeaturesUseJensenShannonOrChiSquared() {
        double[] before = {0.5, 0.3, 0.2};
        double[] after = {0.3, 0.3, 0.4};

        FeatureDrift largeShifted =
                detector.categorical("colour", categories(LARGE, before, 1), categories(LARGE, after, 2));
        FeatureDrift largeSame =
                detector.categorical("colour", categories(LARGE, before, 3), categories(LARGE, before, 4));
        FeatureDrift smallShifted =
                detector.categorical("colour", categories(SMALL, before, 5), categories(SMALL, after, 6));
        FeatureDrift smallSame =
                detector.categorical("colour", categories(SMALL, before, 7), categories(SMALL, before, 8));

        assertThat(largeShifted.method()).isEqualTo(DriftMethod.JENSEN_SHANNON_DISTANCE);
        assertThat(largeShifted.drifted()).isTrue();
        assertThat(largeSame.method()).isEqualTo(DriftMethod.JENSEN_SHANNON_DISTANCE);
        assertThat(largeSame.drifted()).isFalse();
        assertThat(smallShifted.method()).isEqualTo(DriftMethod.CHI_SQUARED);
        assertThat(smallShifted.drifted()).isTrue();
        assertThat(smallSame.method()).isEqualTo(DriftMethod.CHI_SQUARED);
        assertThat(smallSame.pValue().orElseThrow()).isGreaterThan(0.05);
        assertThat(smallSame.drifted()).isFalse();
    }

    @Test
    void aNewCategoryMakesChiSquaredInfinite() {
        FeatureDrift result = detector.categoricalCounts(
                "colour", Map.of("red", 60, "blue", 40), Map.of("red", 50, "blue", 45, "green", 5));

        assertThat(result.method()).isEqualTo(DriftMethod.CHI_SQUARED);
        assertThat(result.statistic()).isInfinite();
        assertThat(result.pValue()).hasValue(0.0);
        assertThat(result.drifted()).isTrue();
        assertThat(result.values()).containsEntry(FeatureDrift.NEW_CATEGORIES, 1.0);
        assertThat(result.notes()).contains("new categories in current: green");
    }

    @Test
    void aSingleCategoryHasNoPValueAndDoesNotDrift() {
        FeatureDrift result = detector.categoricalCounts("country", Map.of("NZ", 10), Map.of("NZ", 30));

        assertThat(result.method()).isEqualTo(DriftMethod.CHI_SQUARED);
        assertThat(result.pValue()).isEmpty();
        assertThat(result.undefined()).containsKey(FeatureDrift.CHI_SQUARED_P_VALUE);
        assertThat(result.drifted()).isFalse();
    }

    @Test
    void aConstantLargeBaselineFallsBackToJensenShannon() {
        double[] baseline = new double[2000];
        Arrays.fill(baseline, 3.0);
        double[] current = baseline.clone();
        for (int i = 0; i < 800; i++) {
            current[i] = 4.0;
        }

        FeatureDrift result = detector.numeric("rooms", baseline, current);

        assertThat(result.undefined()).containsKey(FeatureDrift.WASSERSTEIN_NORMALIZED);
        assertThat(result.method()).isEqualTo(DriftMethod.JENSEN_SHANNON_DISTANCE);
        assertThat(result.drifted()).isTrue();
        assertThat(result.notes()).anySatisfy(note -> assertThat(note).contains("baseline is constant"));
    }

    @Test
    void settingsChooseTheFamilyAndTheDistance() {
        DriftSettings psi = new DriftSettings(
                DriftSettings.Selection.DISTANCE_TESTS,
                1000,
                0.05,
                0.2,
                0.5,
                DriftMethod.POPULATION_STABILITY_INDEX,
                DriftMethod.POPULATION_STABILITY_INDEX);

        FeatureDrift forcedDistance = new DriftDetector(psi).numeric("age", normal(SMALL, 0, 1), normal(SMALL, 0, 2));
        FeatureDrift forcedTest = new DriftDetector(
                        DriftSettings.defaults().withSelection(DriftSettings.Selection.P_VALUE_TESTS))
                .numeric("age", normal(LARGE, 0, 1), normal(LARGE, 0, 2));

        assertThat(forcedDistance.method()).isEqualTo(DriftMethod.POPULATION_STABILITY_INDEX);
        assertThat(forcedDistance.threshold()).isEqualTo(0.2);
        assertThat(forcedTest.method()).isEqualTo(DriftMethod.KOLMOGOROV_SMIRNOV);
    }

    @Test
    void datasetDriftsWhenHalfItsFeaturesDo() {
        FeatureDrift drifted = detector.numeric("a", normal(SMALL, 0, 1), normal(SMALL, 1, 2));
        FeatureDrift stable = detector.numeric("b", normal(SMALL, 0, 3), normal(SMALL, 0, 4));

        DatasetDrift half = detector.dataset(List.of(drifted, stable));
        DatasetDrift third = detector.dataset(List.of(drifted, stable, stable));

        assertThat(half.driftedFeatures()).isEqualTo(1);
        assertThat(half.shareDrifted()).isEqualTo(0.5);
        assertThat(half.drifted()).isTrue();
        assertThat(third.shareDrifted()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(third.drifted()).isFalse();
        assertThatThrownBy(() -> detector.dataset(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one feature");
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> new DriftSettings(
                        DriftSettings.Selection.AUTOMATIC,
                        1000,
                        1.5,
                        0.1,
                        0.5,
                        DriftMethod.WASSERSTEIN_NORMALIZED,
                        DriftMethod.JENSEN_SHANNON_DISTANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pValueThreshold must lie in (0, 1), got 1.5");
        assertThatThrownBy(() -> new DriftSettings(
                        DriftSettings.Selection.AUTOMATIC,
                        1000,
                        0.05,
                        0.1,
                        0.5,
                        DriftMethod.KOLMOGOROV_SMIRNOV,
                        DriftMethod.JENSEN_SHANNON_DISTANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numericDistance must be a distance");
        assertThatThrownBy(() -> new DriftSettings(
                        DriftSettings.Selection.AUTOMATIC,
                        1000,
                        0.05,
                        0.1,
                        0.5,
                        DriftMethod.WASSERSTEIN_NORMALIZED,
                        DriftMethod.WASSERSTEIN_NORMALIZED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("categoricalDistance must be a distance for categorical features");
        assertThatThrownBy(() -> new DriftSettings(
                        DriftSettings.Selection.AUTOMATIC,
                        -1,
                        0.05,
                        0.1,
                        0.5,
                        DriftMethod.WASSERSTEIN_NORMALIZED,
                        DriftMethod.JENSEN_SHANNON_DISTANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("largeBaselineRows");
        assertThatThrownBy(() -> new DriftSettings(
                        DriftSettings.Selection.AUTOMATIC,
                        1000,
                        0.05,
                        Double.NaN,
                        0.5,
                        DriftMethod.WASSERSTEIN_NORMALIZED,
                        DriftMethod.JENSEN_SHANNON_DISTANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distanceThreshold");
        assertThatThrownBy(() -> new DriftSettings(
                        DriftSettings.Selection.AUTOMATIC,
                        1000,
                        0.05,
                        0.1,
                        0,
                        DriftMethod.WASSERSTEIN_NORMALIZED,
                        DriftMethod.JENSEN_SHANNON_DISTANCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datasetDriftShare");
    }

    @Test
    void rejectsEmptyAndMissingValues() {
        assertThatThrownBy(() -> detector.numeric("age", new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("age baseline is empty");
        assertThatThrownBy(() -> detector.numeric("age", new double[] {1}, new double[] {2, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("age current[1] is NaN");
        assertThatThrownBy(() -> detector.categorical("colour", List.of(), List.of("red")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseline is empty");
    }

    static double[] normal(int rows, double mean, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++) {
            values[i] = mean + random.nextGaussian();
        }
        return values;
    }

    static List<String> categories(int rows, double[] proportions, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] names = {"red", "green", "blue", "black", "white"};
        List<String> values = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double draw = random.nextDouble();
            int category = 0;
            while (category < proportions.length - 1 && draw >= proportions[category]) {
                draw -= proportions[category];
                category++;
            }
            values.add(names[category]);
        }
        Collections.shuffle(values, new Random(seed));
        return values;
    }
}

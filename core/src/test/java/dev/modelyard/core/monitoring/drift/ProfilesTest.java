package dev.modelyard.core.monitoring.drift;

import static dev.modelyard.core.monitoring.drift.DriftDetectorTest.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProfilesTest {
    private static final int ROWS = 200_000;

    private final DriftDetector detector = new DriftDetector(DriftSettings.defaults());

    @Test
    void profilesThatKeptTheirValuesGiveTheExactResult() {
        double[] baseline = normal(3000, 0, 1);
        double[] current = normal(2000, 0.2, 2);

        FeatureDrift fromProfiles = detector.numeric("age", NumericProfile.of(baseline), NumericProfile.of(current));

        assertThat(fromProfiles).isEqualTo(detector.numeric("age", baseline, current));
        assertThat(fromProfiles.approximate()).isFalse();
    }

    @Test
    void sketchesApproximateTheExactDistances() {
        double[] baseline = normal(ROWS, 0, 1);
        double[] current = normal(ROWS, 0.3, 2);
        FeatureDrift exact = detector.numeric("age", baseline, current);

        FeatureDrift sketched = detector.numeric("age", sketchOnly(baseline), sketchOnly(current));

        assertThat(sketched.approximate()).isTrue();
        assertThat(sketched.method()).isEqualTo(DriftMethod.WASSERSTEIN_NORMALIZED);
        assertThat(sketched.drifted()).isEqualTo(exact.drifted()).isTrue();
        assertThat(sketched.undefined())
                .containsKeys(FeatureDrift.KOLMOGOROV_SMIRNOV_STATISTIC, FeatureDrift.KOLMOGOROV_SMIRNOV_P_VALUE);
        assertThat(sketched.values().get(FeatureDrift.BASELINE_STANDARD_DEVIATION))
                .isCloseTo(exact.values().get(FeatureDrift.BASELINE_STANDARD_DEVIATION), within(1e-9));
        assertThat(sketched.values().get(FeatureDrift.WASSERSTEIN_NORMALIZED))
                .isCloseTo(exact.values().get(FeatureDrift.WASSERSTEIN_NORMALIZED), within(0.02));
        assertThat(sketched.values().get(FeatureDrift.POPULATION_STABILITY_INDEX))
                .isCloseTo(exact.values().get(FeatureDrift.POPULATION_STABILITY_INDEX), within(0.02));
        assertThat(sketched.values().get(FeatureDrift.JENSEN_SHANNON_DISTANCE))
                .isCloseTo(exact.values().get(FeatureDrift.JENSEN_SHANNON_DISTANCE), within(0.02));
    }

    @Test
    void sketchesOfTheSameDistributionDoNotDrift() {
        FeatureDrift result = detector.numeric("age", sketchOnly(normal(ROWS, 0, 1)), sketchOnly(normal(ROWS, 0, 2)));

        assertThat(result.approximate()).isTrue();
        assertThat(result.drifted()).isFalse();
    }

    @Test
    void aSmallBaselineSketchFallsBackToTheDistance() {
        FeatureDrift result = detector.numeric("age", sketchOnly(normal(500, 0, 1)), sketchOnly(normal(500, 1, 2)));

        assertThat(result.method()).isEqualTo(DriftMethod.WASSERSTEIN_NORMALIZED);
        assertThat(result.drifted()).isTrue();
        assertThat(result.notes()).anySatisfy(note -> assertThat(note).contains("decided by WASSERSTEIN_NORMALIZED"));
    }

    @Test
    void mergedNumericProfilesEqualOneProfileOfAllRows() {
        double[] values = normal(10_000, 5, 1);
        NumericProfile whole = NumericProfile.of(values);
        NumericProfile first = new NumericProfile();
        NumericProfile second = new NumericProfile();
        for (int i = 0; i < values.length; i++) {
            (i < 3000 ? first : second).add(values[i]);
        }

        first.merge(second);

        assertThat(first.count()).isEqualTo(10_000);
        assertThat(first.hasAllValues()).isTrue();
        assertThat(first.values()).containsExactly(values);
        assertThat(first.mean()).isCloseTo(whole.mean(), within(1e-12));
        assertThat(first.standardDeviation()).isCloseTo(whole.standardDeviation(), within(1e-12));
        assertThat(first.standardDeviation()).isCloseTo(DriftInputs.populationStandardDeviation(values), within(1e-12));
        assertThat(first.minimum()).isEqualTo(whole.minimum());
        assertThat(first.quantile(0.5)).isCloseTo(5, within(0.05));
    }

    @Test
    void aNumericProfileDropsItsValuesBeyondTheLimit() {
        NumericProfile profile = new NumericProfile(100, NumericProfile.DEFAULT_SKETCH_SIZE);
        profile.addAll(normal(100, 0, 1));
        assertThat(profile.hasAllValues()).isTrue();

        profile.add(0.5);

        assertThat(profile.hasAllValues()).isFalse();
        assertThat(profile.count()).isEqualTo(101);
        assertThatThrownBy(profile::values).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> profile.add(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value NaN at row 101 is not finite");
    }

    @Test
    void categoricalProfilesCountExactlyUpToTheLimitThenSketch() {
        CategoricalProfile baseline = new CategoricalProfile(20);
        CategoricalProfile current = new CategoricalProfile(20);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 50_000; i++) {
            // a few frequent categories and a long tail of rare ones
            baseline.add(random.nextInt(4) < 3 ? "top" + random.nextInt(5) : "rare" + random.nextInt(500));
            current.add(random.nextInt(4) < 3 ? "top" + random.nextInt(3) : "rare" + random.nextInt(500));
        }

        assertThat(baseline.isExact()).isFalse();
        assertThat(baseline.distinctEstimate()).isCloseTo(505, within(505 * 0.05));
        assertThat(baseline.estimatedCounts()).containsKeys("top0", "top4");
        FeatureDrift result = detector.categorical("city", baseline, current);

        assertThat(result.approximate()).isTrue();
        assertThat(result.method()).isEqualTo(DriftMethod.JENSEN_SHANNON_DISTANCE);
        assertThat(result.drifted()).isTrue();
        assertThat(result.undefined()).containsKey(FeatureDrift.CHI_SQUARED_P_VALUE);
    }

    @Test
    void exactCategoricalProfilesMergeAndGiveTheExactResult() {
        List<String> baselineValues = DriftDetectorTest.categories(3000, new double[] {0.5, 0.3, 0.2}, 1);
        List<String> currentValues = DriftDetectorTest.categories(3000, new double[] {0.4, 0.3, 0.3}, 2);
        CategoricalProfile first = CategoricalProfile.of(baselineValues.subList(0, 1000));
        first.merge(CategoricalProfile.of(baselineValues.subList(1000, 3000)));

        FeatureDrift fromProfiles = detector.categorical("colour", first, CategoricalProfile.of(currentValues));

        assertThat(first.count()).isEqualTo(3000);
        assertThat(first.isExact()).isTrue();
        assertThat(fromProfiles.values())
                .isEqualTo(detector.categorical("colour", baselineValues, currentValues)
                        .values());
        assertThatThrownBy(() -> first.add(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("category at row 3000 is null");
    }

    @Test
    void mergingASketchedCategoricalProfileKeepsTheCounts() {
        CategoricalProfile sketched = new CategoricalProfile(3);
        CategoricalProfile exact = new CategoricalProfile(3);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add("c" + i);
        }
        sketched.addAll(many);
        exact.addAll(List.of("c0", "c0", "c1"));

        exact.merge(sketched);

        assertThat(exact.isExact()).isFalse();
        assertThat(exact.count()).isEqualTo(13);
        assertThat(exact.estimatedCounts()).containsEntry("c0", 3L);
    }

    private static NumericProfile sketchOnly(double[] values) {
        NumericProfile profile = new NumericProfile(0, NumericProfile.DEFAULT_SKETCH_SIZE);
        profile.addAll(values);
        return profile;
    }
}

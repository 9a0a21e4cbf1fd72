package dev.modelyard.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelyard.core.monitoring.drift.DriftDetector;
import dev.modelyard.core.monitoring.drift.DriftSettings;
import dev.modelyard.core.monitoring.drift.FeatureDrift;
import dev.modelyard.core.monitoring.monitor.CallRecord;
import dev.modelyard.core.monitoring.monitor.CronSchedule;
import dev.modelyard.core.monitoring.monitor.FeatureSamples;
import dev.modelyard.core.monitoring.monitor.Monitor;
import dev.modelyard.core.monitoring.monitor.MonitorEvaluator;
import dev.modelyard.core.monitoring.monitor.MonitorEvaluator.Outcome;
import dev.modelyard.core.monitoring.monitor.MonitorEvaluator.Window;
import dev.modelyard.core.monitoring.monitor.MonitorKind;
import dev.modelyard.core.monitoring.monitor.MonitorStatus;
import dev.modelyard.core.monitoring.monitor.ThresholdDirection;
import dev.modelyard.core.monitoring.monitor.Thresholds;
import dev.modelyard.core.monitoring.monitor.UsageReport;
import dev.modelyard.core.user.UserRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Monitor values computed from constructed histories, checked against hand-computed numbers. */
class MonitorEvaluatorTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Window FIRST = new Window(T0, T0.plusSeconds(600));
    private static final Window SECOND = new Window(T0.plusSeconds(600), T0.plusSeconds(1200));

    // ---------------------------------------------------------------- calls, errors, latency

    @Test
    void errorRateLatencyPercentilesAndCallsPerWindow() {
        TestingMonitorData data = new TestingMonitorData()
                .answered(T0, 1_000, "[]")
                .answered(T0.plusSeconds(100), 3_000, "[]")
                .answered(T0.plusSeconds(599), 2_000, "[]")
                .failed(T0.plusSeconds(300), 100)
                // exactly at the end of the first window: it belongs to the second
                .failed(T0.plusSeconds(600), 50)
                .answered(T0.plusSeconds(1200), 9_000, "[]");
        MonitorEvaluator evaluator = new MonitorEvaluator(data, DriftSettings.defaults());

        List<Outcome> errorRate =
                evaluator.evaluate(monitor(MonitorKind.ERROR_RATE, Map.of(), above(0.1, 0.5)), List.of(FIRST, SECOND));
        assertThat(errorRate.get(0).value()).contains(0.25);
        assertThat(errorRate.get(0).status()).isEqualTo(MonitorStatus.WARNING);
        assertThat(errorRate.get(0).details()).containsEntry("calls", 4L).containsEntry("errors", 1L);
        assertThat(errorRate.get(1).value()).contains(1.0);
        assertThat(errorRate.get(1).status()).isEqualTo(MonitorStatus.ALERT);
        assertThat(data.scans()).as("several windows, one scan").isEqualTo(1);

        // numpy.percentile([1000, 2000, 3000], q) / 1000: 2.0 and 2.98; failed calls are not latencies
        assertThat(evaluator
                        .evaluate(monitor(MonitorKind.LATENCY_P50, Map.of(), Thresholds.none()), List.of(FIRST))
                        .get(0)
                        .value())
                .contains(2.0);
        assertThat(evaluator
                        .evaluate(monitor(MonitorKind.LATENCY_P99, Map.of(), Thresholds.none()), List.of(FIRST))
                        .get(0)
                        .value()
                        .orElseThrow())
                .isCloseTo(2.98, within(1e-12));
        Outcome noAnswers = evaluator
                .evaluate(monitor(MonitorKind.LATENCY_P99, Map.of(), above(1, 2)), List.of(SECOND))
                .get(0);
        assertThat(noAnswers.status()).isEqualTo(MonitorStatus.NO_DATA);
        assertThat(noAnswers.value()).isEmpty();

        List<Outcome> calls = evaluator.evaluate(
                monitor(MonitorKind.CALLS, Map.of(), below(3, 1)),
                List.of(FIRST, SECOND, new Window(T0.plusSeconds(5000), T0.plusSeconds(6000))));
        assertThat(calls)
                .extracting(Outcome::value)
                .containsExactly(Optional.of(4.0), Optional.of(1.0), Optional.of(0.0));
        assertThat(calls)
                .extracting(Outcome::status)
                .containsExactly(MonitorStatus.OK, MonitorStatus.ALERT, MonitorStatus.ALERT);
    }

    @Test
    void aWindowWithoutCallsHasNoErrorRate() {
        MonitorEvaluator evaluator = new MonitorEvaluator(new TestingMonitorData(), DriftSettings.defaults());
        Outcome outcome = evaluator
                .evaluate(monitor(MonitorKind.ERROR_RATE, Map.of(), above(0.1, 0.5)), List.of(FIRST))
                .get(0);
        assertThat(outcome.status()).isEqualTo(MonitorStatus.NO_DATA);
        assertThat(outcome.value()).isEmpty();
        assertThat(outcome.details()).containsEntry("calls", 0L);
    }

    // ---------------------------------------------------------------- drift

    @Test
    void driftAgainstADatasetFlagsAShiftAndNotTheSameDistribution() {
        Random random = new Random(20260301);
        FeatureSamples baseline = new FeatureSamples();
        for (int row = 0; row < 500; row++) {
            baseline.addNumber("age", 40 + 10 * random.nextGaussian());
            baseline.addNumber("income", 50_000 + 8_000 * random.nextGaussian());
            baseline.addNumber("tenure", 24 + 6 * random.nextGaussian());
            baseline.addRows(1);
        }
        Monitor monitor = monitor(
                MonitorKind.DRIFT, Map.of("baseline_dataset", "training", "baseline_version", "2"), above(0.3, 0.5));

        // 100 calls of two rows each, one [2, 3] tensor, features named by the model's signature
        TestingMonitorData same = data(baseline).featureNames("mv-1", List.of("age", "income", "tenure"));
        TestingMonitorData shifted = data(baseline).featureNames("mv-1", List.of("age", "income", "tenure"));
        for (int call = 0; call < 100; call++) {
            Instant at = T0.plusSeconds(call);
            double[] rows = new double[6];
            double[] moved = new double[6];
            for (int row = 0; row < 2; row++) {
                rows[row * 3] = 40 + 10 * random.nextGaussian();
                rows[row * 3 + 1] = 50_000 + 8_000 * random.nextGaussian();
                rows[row * 3 + 2] = 24 + 6 * random.nextGaussian();
                moved[row * 3] = rows[row * 3] + 15;
                moved[row * 3 + 1] = rows[row * 3 + 1];
                moved[row * 3 + 2] = rows[row * 3 + 2] * 2;
            }
            same.answered(at, 1_000, table(rows));
            shifted.answered(at, 1_000, table(moved));
        }
        // a failed call's input (the model refused it) is not compared
        shifted.failed(T0.plusSeconds(5), 10);

        Outcome calm = new MonitorEvaluator(same, DriftSettings.defaults())
                .evaluate(monitor, List.of(FIRST))
                .get(0);
        assertThat(calm.value()).contains(0.0);
        assertThat(calm.status()).isEqualTo(MonitorStatus.OK);
        assertThat(calm.details())
                .containsEntry("baseline_rows", 500L)
                .containsEntry("current_rows", 200L)
                .containsEntry("drifted_features", 0)
                .containsEntry("drifted", false);

        Outcome drifted = new MonitorEvaluator(shifted, DriftSettings.defaults())
                .evaluate(monitor, List.of(FIRST))
                .get(0);
        assertThat(drifted.value().orElseThrow()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(drifted.status()).isEqualTo(MonitorStatus.ALERT);
        assertThat(drifted.details()).containsEntry("drifted_features", 2).containsEntry("drifted", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> features =
                (List<Map<String, Object>>) drifted.details().get("features");
        assertThat(features)
                .extracting(feature -> feature.get("feature") + "=" + feature.get("drifted"))
                .containsExactly("age=true", "income=false", "tenure=true");
        assertThat(features).extracting(feature -> feature.get("method")).containsOnly("kolmogorov_smirnov");
    }

    @Test
    void driftOfOneNamedFeatureReportsTheAskedStatistic() {
        Random random = new Random(7);
        FeatureSamples baseline = new FeatureSamples();
        double[] baselineAges = new double[300];
        for (int row = 0; row < baselineAges.length; row++) {
            baselineAges[row] = 40 + 10 * random.nextGaussian();
            baseline.addNumber("age", baselineAges[row]);
            baseline.addCategory("plan", row % 3 == 0 ? "pro" : "basic");
            baseline.addRows(1);
        }
        // one tensor per feature: "age" numbers and "plan" text, three rows per call
        TestingMonitorData data = data(baseline);
        double[] currentAges = new double[150];
        for (int call = 0; call < 50; call++) {
            StringBuilder ages = new StringBuilder();
            for (int row = 0; row < 3; row++) {
                currentAges[call * 3 + row] = 45 + 10 * random.nextGaussian();
                ages.append(row == 0 ? "" : ",").append(currentAges[call * 3 + row]);
            }
            data.answered(
                    T0.plusSeconds(call),
                    500,
                    "[{\"name\":\"age\",\"datatype\":\"FP64\",\"shape\":[3],\"data\":[" + ages + "]},"
                            + "{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[3,1],\"data\":[\"pro\",\"pro\",\"basic\"]}]");
        }
        MonitorEvaluator evaluator = new MonitorEvaluator(data, DriftSettings.defaults());
        FeatureDrift expected = new DriftDetector(DriftSettings.defaults()).numeric("age", baselineAges, currentAges);

        Outcome psi = evaluator
                .evaluate(
                        monitor(
                                MonitorKind.DRIFT,
                                Map.of(
                                        "baseline_dataset", "training",
                                        "baseline_version", "2",
                                        "feature", "age",
                                        "statistic", "psi"),
                                above(0.1, 0.25)),
                        List.of(FIRST))
                .get(0);
        assertThat(psi.value()).contains(expected.values().get(FeatureDrift.POPULATION_STABILITY_INDEX));
        assertThat(psi.details()).containsEntry("statistic", "psi").containsEntry("drifted", expected.drifted());

        Outcome deciding = evaluator
                .evaluate(
                        monitor(
                                MonitorKind.DRIFT,
                                Map.of("baseline_dataset", "training", "baseline_version", "2", "feature", "age"),
                                Thresholds.none()),
                        List.of(FIRST))
                .get(0);
        assertThat(deciding.value()).contains(expected.statistic());
        assertThat(deciding.details()).containsEntry("statistic", "kolmogorov_smirnov");

        Outcome plan = evaluator
                .evaluate(
                        monitor(
                                MonitorKind.DRIFT,
                                Map.of(
                                        "baseline_dataset", "training",
                                        "baseline_version", "2",
                                        "feature", "plan",
                                        "statistic", "chi_squared_p_value"),
                                below(0.05, 0.01)),
                        List.of(FIRST))
                .get(0);
        // baseline 1/3 pro, current 2/3 pro over 150 rows: far below 0.01
        assertThat(plan.value().orElseThrow()).isLessThan(1e-6);
        assertThat(plan.status()).isEqualTo(MonitorStatus.ALERT);
    }

    @Test
    void driftAgainstAnEarlierSpanOfTheHistory() {
        Random random = new Random(11);
        TestingMonitorData data = new TestingMonitorData();
        Instant lastWeek = T0.minus(Duration.ofDays(7));
        for (int call = 0; call < 200; call++) {
            data.answered(lastWeek.plusSeconds(call), 100, table(new double[] {random.nextGaussian()}));
            data.answered(T0.plusSeconds(call), 100, table(new double[] {3 + random.nextGaussian()}));
        }
        Outcome outcome = new MonitorEvaluator(data, DriftSettings.defaults())
                .evaluate(
                        monitor(
                                MonitorKind.DRIFT,
                                Map.of(
                                        "baseline_from", lastWeek.toString(),
                                        "baseline_to", lastWeek.plusSeconds(600).toString()),
                                above(0.5, 1.0)),
                        List.of(FIRST))
                .get(0);
        // one [1, 1] tensor per call: one feature, named as the tensor
        assertThat(outcome.value()).contains(1.0);
        assertThat(outcome.status()).isEqualTo(MonitorStatus.ALERT);
        assertThat(outcome.details()).containsEntry("baseline_rows", 200L).containsEntry("current_rows", 200L);
    }

    @Test
    void driftSaysWhyItHasNoValue() {
        FeatureSamples baseline = new FeatureSamples();
        baseline.addNumber("age", 40);
        baseline.addNumber("age", 41);
        baseline.addRows(2);
        Monitor monitor = monitor(
                MonitorKind.DRIFT, Map.of("baseline_dataset", "training", "baseline_version", "2"), above(0.3, 0.5));

        // inputs stored as a hash (redacted) cannot be compared
        TestingMonitorData redacted = data(baseline)
                .answered(
                        T0, 10, "[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,1],\"data\":\"sha256:ab\"}]");
        Outcome noData = new MonitorEvaluator(redacted, DriftSettings.defaults())
                .evaluate(monitor, List.of(FIRST))
                .get(0);
        assertThat(noData.status()).isEqualTo(MonitorStatus.NO_DATA);
        assertThat(noData.details()).containsEntry("unusable_inputs", 1L);

        // the inputs' features are not the baseline's columns
        TestingMonitorData elsewhere = data(baseline).answered(T0, 10, table(new double[] {1, 2}));
        Outcome error = new MonitorEvaluator(elsewhere, DriftSettings.defaults())
                .evaluate(monitor, List.of(FIRST))
                .get(0);
        assertThat(error.status()).isEqualTo(MonitorStatus.ERROR);
        assertThat(error.value()).isEmpty();
        assertThat((String) error.details().get("error"))
                .contains("no input feature is in the baseline")
                .contains("[f0, f1]")
                .contains("[age]");

        // a baseline dataset that went away
        Outcome missing = new MonitorEvaluator(elsewhere, DriftSettings.defaults())
                .evaluate(
                        monitor(
                                MonitorKind.DRIFT,
                                Map.of("baseline_dataset", "gone", "baseline_version", "1"),
                                Thresholds.none()),
                        List.of(FIRST, SECOND))
                .get(1);
        assertThat(missing.status()).isEqualTo(MonitorStatus.ERROR);
        assertThat(missing.details()).containsEntry("error", "the baseline dataset 'gone' no longer exists");
    }

    // ---------------------------------------------------------------- usage

    @Test
    void usageCountsCallsErrorsLatencyAndCallersPerBucket() {
        TestingMonitorData data = new TestingMonitorData()
                .call(byUser(T0.plusSeconds(10), "u-1", false, 4_000))
                .call(byUser(T0.plusSeconds(20), "u-1", true, 0))
                .call(byKey(T0.plusSeconds(30), "k-1", 1_000))
                .call(byKey(T0.plusSeconds(3_700), "k-1", 2_000))
                .call(byKey(T0.plusSeconds(3_800), "k-1", 3_000))
                .answered(T0.plusSeconds(3_900), 5_000, null)
                .answered(T0.plusSeconds(7_300), 7_000, null);
        UsageReport report = new MonitorEvaluator(data, DriftSettings.defaults())
                .usage("d-1", T0, T0.plusSeconds(7_200), Duration.ofHours(1));

        assertThat(report.buckets()).hasSize(2);
        UsageReport.Bucket first = report.buckets().get(0);
        assertThat(first.start()).isEqualTo(T0);
        assertThat(first.end()).isEqualTo(T0.plusSeconds(3_600));
        assertThat(first.calls()).isEqualTo(3);
        assertThat(first.errors()).isEqualTo(1);
        assertThat(first.latencyP50Millis()).contains(2.5);
        assertThat(first.callers())
                .extracting(caller ->
                        caller.kind() + ":" + caller.id().orElse("") + ":" + caller.calls() + ":" + caller.errors())
                .containsExactly("user:u-1:2:1", "api_key:k-1:1:0");
        UsageReport.Bucket second = report.buckets().get(1);
        assertThat(second.calls()).isEqualTo(3);
        assertThat(second.latencyP50Millis()).contains(3.0);
        assertThat(second.latencyP90Millis().orElseThrow()).isCloseTo(4.6, within(1e-12));
        assertThat(second.callers())
                .extracting(caller -> caller.kind() + ":" + caller.id().orElse("") + ":" + caller.calls())
                .containsExactly("api_key:k-1:2", "anonymous::1");
        assertThat(report.total().calls()).isEqualTo(6);
        assertThat(report.total().errors()).isEqualTo(1);
        // 1, 2, 3, 4, 5 ms answered: the median is 3
        assertThat(report.total().latencyP50Millis()).contains(3.0);
    }

    // ---------------------------------------------------------------- helpers

    private static TestingMonitorData data(FeatureSamples baseline) {
        return new TestingMonitorData().dataset("training", 2, baseline);
    }

    /** One [rows, n] FP32 tensor holding {@code values} as rows of the baseline's width or one column. */
    private static String table(double[] values) {
        int width = values.length % 3 == 0 ? 3 : values.length;
        List<String> data = new ArrayList<>();
        for (double value : values) {
            data.add(Double.toString(value));
        }
        return "[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[" + values.length / width + "," + width
                + "],\"data\":[" + String.join(",", data) + "]}]";
    }

    private static CallRecord byUser(Instant at, String user, boolean failed, long latency) {
        return new CallRecord(
                at, failed, latency, Optional.of(user), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static CallRecord byKey(Instant at, String key, long latency) {
        return new CallRecord(
                at, false, latency, Optional.empty(), Optional.of(key), Optional.empty(), Optional.empty());
    }

    private static Thresholds above(double warning, double alert) {
        return new Thresholds(ThresholdDirection.ABOVE, Optional.of(warning), Optional.of(alert));
    }

    private static Thresholds below(double warning, double alert) {
        return new Thresholds(ThresholdDirection.BELOW, Optional.of(warning), Optional.of(alert));
    }

    private static Monitor monitor(MonitorKind kind, Map<String, String> parameters, Thresholds thresholds) {
        return new Monitor(
                "m-1",
                "p-1",
                "d-1",
                "check",
                kind,
                CronSchedule.parse("*/10 * * * *"),
                Duration.ofMinutes(10),
                Duration.ofMinutes(10),
                parameters,
                thresholds,
                List.of(),
                true,
                T0,
                new UserRef("u-1", "olivia"),
                T0,
                T0);
    }
}

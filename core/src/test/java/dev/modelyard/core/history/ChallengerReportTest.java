package dev.modelyard.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.core.evaluation.ScoreMapping;
import dev.modelyard.core.history.ChallengerReport.ErrorCount;
import dev.modelyard.core.history.ChallengerReport.LabelPair;
import dev.modelyard.core.history.ChallengerReport.Summary;
import dev.modelyard.core.objective.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The challenger report's numbers on constructed histories, worked out by hand (and with numpy). */
class ChallengerReportTest {
    private static final String CHAMPION = HistoryRecord.CHAMPION;
    private static final String CHALLENGER = HistoryRecord.CHALLENGER;

    @Test
    void multiclassAgreementLabelPairsScoreDifferencesLatenciesAndErrors() {
        List<ChallengerReportRow> rows = new ArrayList<>();
        // r1: labels 0 → 1, largest score difference 0.25
        rows.add(answer("r1", CHAMPION, "1.0.0", probabilities(0.5, 0.25, 0.25), 100));
        // r2: labels 0 → 0, largest difference 0.25
        rows.add(answer("r2", CHAMPION, "1.0.0", probabilities(0.75, 0.125, 0.125), 200));
        // r3: two rows, labels (2, 0) → (2, 1), differences 0 and 1
        rows.add(answer("r3", CHAMPION, "1.0.0", probabilities(0, 0, 1, 1, 0, 0), 300));
        // r4: the challenger timed out
        rows.add(answer("r4", CHAMPION, "1.0.0", probabilities(0.2, 0.3, 0.5), 400));
        // r5: both failed
        rows.add(failure("r5", CHAMPION, "1.0.0", "bad input", 500));
        // r6: no challenger row (sampled out)
        rows.add(answer("r6", CHAMPION, "1.0.0", probabilities(1, 0, 0), 600));
        // r7: one row against two: not comparable
        rows.add(answer("r7", CHAMPION, "1.0.0", probabilities(1, 0, 0), 700));
        // the challenger's rows arrive later, in another order, from two releases
        rows.add(answer("r3", CHALLENGER, "2.0.0", probabilities(0, 0, 1, 0, 1, 0), 3_000));
        rows.add(answer("r1", CHALLENGER, "2.0.0", probabilities(0.25, 0.5, 0.25), 1_000));
        rows.add(answer("r2", CHALLENGER, "2.0.0", probabilities(0.5, 0.25, 0.25), 2_000));
        rows.add(failure("r4", CHALLENGER, "2.0.0", "the challenger did not answer within 50 ms", 50_000));
        rows.add(failure("r5", CHALLENGER, "2.1.0", "bad input", 4_000));
        rows.add(answer("r7", CHALLENGER, "2.1.0", probabilities(1, 0, 0, 1, 0, 0), 5_000));
        // r8: a challenger row whose champion row is outside the window
        rows.add(failure("r8", CHALLENGER, "2.1.0", "the challenger did not answer within 50 ms", 60_000));

        ChallengerReport report =
                ChallengerReport.compute(rows, TaskType.MULTICLASS_CLASSIFICATION, ScoreMapping.defaults());

        assertThat(report.pairs()).isEqualTo(new ChallengerReport.Pairs(6, 1, 1));

        assertThat(report.champion().calls()).isEqualTo(7);
        assertThat(report.champion().errors()).isEqualTo(1);
        assertThat(report.champion().errorRate()).hasValue(1.0 / 7);
        // 100 … 700: p50 = 4th of 7 (ceil 3.5), p90 = 7th (ceil 6.3)
        assertThat(report.champion().latencyMicros()).contains(new Summary(7, 400, 700, 700, 700, 400));
        assertThat(report.champion().releases()).isEqualTo(Map.of("1.0.0", 7L));
        assertThat(report.champion().topErrors()).containsExactly(new ErrorCount("bad input", 1));

        assertThat(report.challenger().calls()).isEqualTo(7);
        assertThat(report.challenger().errors()).isEqualTo(3);
        assertThat(report.challenger().errorRate()).hasValue(3.0 / 7);
        // 1000, 2000, 3000, 4000, 5000, 50000, 60000
        assertThat(report.challenger().latencyMicros())
                .contains(new Summary(7, 4_000, 60_000, 60_000, 60_000, 125_000 / 7.0));
        assertThat(report.challenger().releases()).isEqualTo(Map.of("2.0.0", 4L, "2.1.0", 3L));
        assertThat(report.challenger().topErrors())
                .containsExactly(
                        new ErrorCount("the challenger did not answer within 50 ms", 2),
                        new ErrorCount("bad input", 1));

        ChallengerReport.Agreement agreement = report.agreement();
        assertThat(agreement.compared()).isEqualTo(4);
        assertThat(agreement.agreeing()).isEqualTo(2);
        assertThat(agreement.agreementRate()).hasValue(0.5);
        assertThat(agreement.incomparable()).isEqualTo(1);
        assertThat(agreement.labelPairs())
                .containsExactly(new LabelPair("0", "1", 2), new LabelPair("0", "0", 1), new LabelPair("2", "2", 1));
        ChallengerReport.Differences differences = agreement.differences().orElseThrow();
        assertThat(differences.measure()).isEqualTo("max_abs_score_difference");
        // 0, 0.25, 0.25, 1
        assertThat(differences.absolute()).isEqualTo(new Summary(4, 0.25, 1, 1, 1, 0.375));
        assertThat(differences.histogram().edges())
                .containsExactly(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
        assertThat(differences.histogram().counts()).containsExactly(1L, 0L, 2L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);

        assertThat(report.groundTruth().available()).isFalse();
        assertThat(report.groundTruth().note()).startsWith("ground truth is not built yet");
    }

    @Test
    void classLabelsNameTheColumnsAndALabelOutputIsReadAsItIs() {
        ScoreMapping named = new ScoreMapping(
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of("barolo", "grignolino", "barbera"));
        List<ChallengerReportRow> rows = List.of(
                answer("a", CHAMPION, "1", probabilities(0.1, 0.7, 0.2), 1),
                answer("a", CHALLENGER, "2", probabilities(0.1, 0.2, 0.7), 1),
                answer("b", CHAMPION, "1", labelAndProbabilities(2, 0.1, 0.2, 0.7), 1),
                answer("b", CHALLENGER, "2", labelAndProbabilities(2, 0.2, 0.1, 0.7), 1));

        ChallengerReport report = ChallengerReport.compute(rows, TaskType.MULTICLASS_CLASSIFICATION, named);

        // the probabilities output is preferred over the label output
        assertThat(report.agreement().labelPairs())
                .containsExactly(new LabelPair("barbera", "barbera", 1), new LabelPair("grignolino", "barbera", 1));
        ScoreMapping labelOutput = new ScoreMapping(
                List.of(), Optional.of("label"), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        ChallengerReport byLabel =
                ChallengerReport.compute(rows.subList(2, 4), TaskType.MULTICLASS_CLASSIFICATION, labelOutput);
        assertThat(byLabel.agreement().labelPairs()).containsExactly(new LabelPair("2", "2", 1));
        assertThat(byLabel.agreement().agreementRate()).hasValue(1.0);
        assertThat(byLabel.agreement().differences()).isEmpty();
    }

    @Test
    void binaryClassificationUsesTheScoreColumnAndThreshold() {
        List<ChallengerReportRow> rows = List.of(
                answer("a", CHAMPION, "1", probabilities(0.25, 0.75), 10),
                answer("a", CHALLENGER, "2", probabilities(0.625, 0.375), 20),
                answer("b", CHAMPION, "1", probabilities(0.5, 0.5), 10),
                answer("b", CHALLENGER, "2", probabilities(0.375, 0.625), 20));

        ChallengerReport report =
                ChallengerReport.compute(rows, TaskType.BINARY_CLASSIFICATION, ScoreMapping.defaults());

        // a: 0.75 → 1, 0.375 → 0; b: 0.5 → 1 (at the threshold), 0.625 → 1
        assertThat(report.agreement().labelPairs())
                .containsExactly(new LabelPair("1", "0", 1), new LabelPair("1", "1", 1));
        assertThat(report.agreement().agreementRate()).hasValue(0.5);
        assertThat(report.agreement().differences().orElseThrow().absolute())
                .isEqualTo(new Summary(2, 0.125, 0.375, 0.375, 0.375, 0.25));
    }

    @Test
    void regressionDifferencesAreBinnedAsNumpyHistogramDoes() {
        double[] champion = {10.0, 4.0, 7.5, 1.25, 3.0, 0.0};
        double[] challenger = {8.5, 3.75, 7.5, 1.5, 3.25, 2.5};
        List<ChallengerReportRow> rows = new ArrayList<>();
        for (int i = 0; i < champion.length; i++) {
            rows.add(answer("r" + i, CHAMPION, "1", regression(champion[i]), 10));
            rows.add(answer("r" + i, CHALLENGER, "2", regression(challenger[i]), 10));
        }

        ChallengerReport report = ChallengerReport.compute(rows, TaskType.REGRESSION, ScoreMapping.defaults());

        assertThat(report.agreement().compared()).isEqualTo(6);
        assertThat(report.agreement().agreementRate()).isEmpty();
        assertThat(report.agreement().labelPairs()).isEmpty();
        ChallengerReport.Differences differences =
                report.agreement().differences().orElseThrow();
        assertThat(differences.measure()).isEqualTo("difference");
        // numpy 2.4: np.histogram([-1.5, -0.25, 0, 0.25, 0.25, 2.5], bins=10)
        assertThat(differences.histogram().counts()).containsExactly(1L, 0L, 0L, 2L, 2L, 0L, 0L, 0L, 0L, 1L);
        assertThat(differences.histogram().edges())
                .containsExactly(
                        -1.5,
                        -1.1,
                        -0.7,
                        -0.2999999999999998,
                        0.10000000000000009,
                        0.5,
                        0.9000000000000004,
                        1.3000000000000003,
                        1.7000000000000002,
                        2.1,
                        2.5);
        // |d| sorted: 0, 0.25, 0.25, 0.25, 1.5, 2.5
        assertThat(differences.absolute()).isEqualTo(new Summary(6, 0.25, 2.5, 2.5, 2.5, 0.7916666666666666));
    }

    @Test
    void equalDifferencesGetAUnitWideRangeAndNoRowsGiveAnEmptyReport() {
        assertThat(ChallengerReport.histogram(new double[] {0.5, 0.5}).counts())
                .containsExactly(0L, 0L, 0L, 0L, 0L, 2L, 0L, 0L, 0L, 0L);

        ChallengerReport empty =
                ChallengerReport.compute(List.of(), TaskType.MULTICLASS_CLASSIFICATION, ScoreMapping.defaults());
        assertThat(empty.pairs()).isEqualTo(new ChallengerReport.Pairs(0, 0, 0));
        assertThat(empty.champion().errorRate()).isEmpty();
        assertThat(empty.champion().latencyMicros()).isEmpty();
        assertThat(empty.agreement().agreementRate()).isEmpty();
        assertThat(empty.agreement().differences()).isEmpty();
    }

    @Test
    void rowsAreReadFromHistoryQueryResults() {
        java.util.Map<String, Object> row = new java.util.HashMap<>();
        row.put("request_uuid", "u");
        row.put("role", "challenger");
        row.put("release", "1.2.0");
        row.put("output", null);
        row.put("error", "boom");
        row.put("latency_us", 42L);

        assertThat(ChallengerReportRow.of(row))
                .isEqualTo(new ChallengerReportRow(
                        "u", CHALLENGER, Optional.of("1.2.0"), Optional.empty(), Optional.of("boom"), 42));
    }

    private static ChallengerReportRow answer(
            String request, String role, String release, String output, long latencyMicros) {
        return new ChallengerReportRow(
                request, role, Optional.of(release), Optional.of(output), Optional.empty(), latencyMicros);
    }

    private static ChallengerReportRow failure(
            String request, String role, String release, String error, long latencyMicros) {
        return new ChallengerReportRow(
                request, role, Optional.of(release), Optional.empty(), Optional.of(error), latencyMicros);
    }

    /** A probabilities tensor of three columns (or two for two values), one row per three values. */
    private static String probabilities(double... values) {
        int width = values.length == 2 ? 2 : 3;
        return "[" + tensor("probabilities", "FP32", values.length / width, width, values) + "]";
    }

    private static String labelAndProbabilities(long label, double... probabilities) {
        return "[" + tensor("label", "INT64", 1, 1, new double[] {label}) + ","
                + tensor("probabilities", "FP32", 1, probabilities.length, probabilities) + "]";
    }

    private static String regression(double value) {
        return "[" + tensor("variable", "FP32", 1, 1, new double[] {value}) + "]";
    }

    private static String tensor(String name, String datatype, int rows, int width, double[] values) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            data.append(i == 0 ? "" : ",");
            data.append(datatype.equals("INT64") ? String.valueOf((long) values[i]) : String.valueOf(values[i]));
        }
        return "{\"name\":\"" + name + "\",\"datatype\":\"" + datatype + "\",\"shape\":[" + rows + "," + width
                + "],\"data\":[" + data + "]}";
    }
}

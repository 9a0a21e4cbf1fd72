package dev.modelyard.server.challenger;

import static dev.modelyard.server.challenger.ChallengerScene.absent;
import static dev.modelyard.server.challenger.ChallengerScene.expect;
import static dev.modelyard.server.challenger.ChallengerScene.request;
import static dev.modelyard.server.challenger.ChallengerScene.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.TestingServer.Response;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The challenger report over HTTP on a constructed case: the champion answers the first three
 * values of each row as its probabilities, the challenger the next three and only one row per
 * call, so every label, difference and error is known before the calls are made. Latency
 * percentiles are checked against the history rows themselves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChallengerReportingTest {
    /** Champion probabilities (first three) and challenger probabilities (next three) per call. */
    private static final float[][] AGREEMENT_CASES = {
        {0.5f, 0.25f, 0.25f, 0.25f, 0.5f, 0.25f}, // 0 → 1, largest difference 0.25
        {0.75f, 0.125f, 0.125f, 0.5f, 0.25f, 0.25f}, // 0 → 0, 0.25
        {0, 0, 1, 0, 0, 1}, // 2 → 2, 0
        {1, 0, 0, 0, 1, 0}, // 0 → 1, 1
        {0.125f, 0.75f, 0.125f, 0.125f, 0.625f, 0.25f}, // 1 → 1, 0.125
        {0.25f, 0.25f, 0.5f, 0.5f, 0.25f, 0.25f}, // 2 → 0, 0.25
    };

    private TestingServer server;
    private ChallengerScene scene;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, Map.of("history.flush-interval-ms", "50"));
        scene = new ChallengerScene(server, "judge");
        scene.release("first-three", ChallengerModels.slice(0, -1), "1.0.0");
        scene.release("next-three", ChallengerModels.slice(3, 1), "2.0.0");
        expect(scene.putTag("Production", "1.0.0", scene.olivia), 200);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void reportNumbersMatchTheConstructedCalls() {
        scene.deploy("judge", "\"track\":{\"tag\":\"Production\"}", "{\"release\":\"2.0.0\"}");
        scene.record("judge");
        scene.awaitReady("judge");
        String report = scene.deployment("judge") + "/challenger/report";

        Instant before = Instant.now();
        int calls = 0;
        for (float[] values : AGREEMENT_CASES) {
            assertThat(call(row(values)).status()).isEqualTo(200);
            awaitChallenger(++calls);
        }
        Instant afterAgreementCases = Instant.now();
        // two rows: the champion answers both, the challenger takes one row only and fails
        for (int call = 0; call < 2; call++) {
            assertThat(call(row(AGREEMENT_CASES[0]), row(AGREEMENT_CASES[1])).status())
                    .isEqualTo(200);
            awaitChallenger(++calls);
        }
        // twelve features: both fail
        Response bad = scene.infer(
                "judge",
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,12],\"datatype\":\"FP32\",\"data\":[0,0,0,0,0,0,0,0,0,0,0,0]}]}");
        assertThat(bad.status()).isEqualTo(400);
        awaitChallenger(++calls);
        int total = calls;
        waitFor(() -> scene.history("judge").size() == 2 * total);
        List<JsonNode> rows = scene.history("judge");

        JsonNode all = expect(server.get(report, scene.bob), 200).json();
        assertThat(all.path("deployment").asText()).isEqualTo("judge");
        assertThat(all.path("dataset").asText()).isEqualTo("judge-history");
        assertThat(all.path("task_type").asText()).isEqualTo("multiclass_classification");
        assertThat(all.path("rows_read").asInt()).isEqualTo(18);
        assertThat(all.path("truncated").asBoolean()).isFalse();
        assertThat(all.path("pairs").path("paired").asInt()).isEqualTo(9);
        assertThat(all.path("pairs").path("champion_only").asInt()).isZero();
        assertThat(all.path("pairs").path("challenger_only").asInt()).isZero();

        JsonNode champion = all.path("champion");
        assertThat(champion.path("calls").asInt()).isEqualTo(9);
        assertThat(champion.path("errors").asInt()).isEqualTo(1);
        assertThat(champion.path("error_rate").asDouble()).isEqualTo(1.0 / 9);
        assertThat(champion.path("releases").path("1.0.0").asInt()).isEqualTo(9);
        assertLatencies(champion.path("latency_us"), rows, "champion");
        JsonNode challenger = all.path("challenger");
        assertThat(challenger.path("calls").asInt()).isEqualTo(9);
        assertThat(challenger.path("errors").asInt()).isEqualTo(3);
        assertThat(challenger.path("error_rate").asDouble()).isEqualTo(3.0 / 9);
        assertThat(challenger.path("releases").path("2.0.0").asInt()).isEqualTo(9);
        assertThat(challenger.path("top_errors").findValues("count").stream()
                        .mapToInt(JsonNode::asInt)
                        .sum())
                .isEqualTo(3);
        assertLatencies(challenger.path("latency_us"), rows, "challenger");

        JsonNode agreement = all.path("agreement");
        assertThat(agreement.path("compared").asInt()).isEqualTo(6);
        assertThat(agreement.path("agreeing").asInt()).isEqualTo(3);
        assertThat(agreement.path("agreement_rate").asDouble()).isEqualTo(0.5);
        assertThat(agreement.path("incomparable").asInt()).isZero();
        assertThat(agreement.path("label_pairs").toString())
                .isEqualTo("[{\"champion\":\"0\",\"challenger\":\"1\",\"count\":2},"
                        + "{\"champion\":\"0\",\"challenger\":\"0\",\"count\":1},"
                        + "{\"champion\":\"1\",\"challenger\":\"1\",\"count\":1},"
                        + "{\"champion\":\"2\",\"challenger\":\"0\",\"count\":1},"
                        + "{\"champion\":\"2\",\"challenger\":\"2\",\"count\":1}]");
        JsonNode differences = agreement.path("differences");
        assertThat(differences.path("measure").asText()).isEqualTo("max_abs_score_difference");
        // 0, 0.125, 0.25, 0.25, 0.25, 1
        assertThat(differences.path("absolute").path("count").asInt()).isEqualTo(6);
        assertThat(differences.path("absolute").path("p50").asDouble()).isEqualTo(0.25);
        assertThat(differences.path("absolute").path("p90").asDouble()).isEqualTo(1.0);
        assertThat(differences.path("absolute").path("max").asDouble()).isEqualTo(1.0);
        assertThat(differences.path("absolute").path("mean").asDouble()).isCloseTo(1.875 / 6, within(1e-12));
        assertThat(differences.path("histogram").path("counts").toString()).isEqualTo("[1,1,3,0,0,0,0,0,0,1]");
        assertThat(differences.path("histogram").path("edges").toString())
                .isEqualTo("[0.0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0]");
        assertThat(all.path("ground_truth").path("available").asBoolean()).isFalse();
        assertThat(all.path("ground_truth").path("note").asText()).startsWith("ground truth is not built yet");

        // a window: the calls after the agreement cases, where nothing could be compared
        JsonNode later = expect(server.get(report + "?from=" + afterAgreementCases, scene.bob), 200)
                .json();
        assertThat(later.path("from").asText()).isEqualTo(afterAgreementCases.toString());
        assertThat(later.path("champion").path("calls").asInt()).isEqualTo(3);
        assertThat(later.path("challenger").path("errors").asInt()).isEqualTo(3);
        assertThat(later.path("agreement").path("compared").asInt()).isZero();
        assertThat(absent(later.path("agreement").path("agreement_rate"))).isTrue();
        assertThat(absent(later.path("agreement").path("differences"))).isTrue();
        JsonNode earlier = expect(server.get(report + "?from=" + before + "&to=" + afterAgreementCases, scene.bob), 200)
                .json();
        assertThat(earlier.path("pairs").path("paired").asInt()).isEqualTo(6);
        assertThat(earlier.path("agreement").path("agreement_rate").asDouble()).isEqualTo(0.5);
        Response backwards = server.get(report + "?from=" + afterAgreementCases + "&to=" + before, scene.bob);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.errorCode()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void aDeploymentWithoutHistoryHasNoReport() {
        scene.deploy("unrecorded", "\"track\":{\"tag\":\"Production\"}", "{\"release\":\"2.0.0\"}");

        Response refused = server.get(scene.deployment("unrecorded") + "/challenger/report", scene.bob);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("CONFLICT");
        assertThat(refused.errorMessage())
                .isEqualTo("deployment 'unrecorded' has no inference history, and the challenger report is computed"
                        + " from it; a project owner turns it on with POST …/deployments/unrecorded/history");
        assertThat(server.get(scene.deployment("missing") + "/challenger/report", scene.bob)
                        .status())
                .isEqualTo(404);
    }

    private Response call(float[]... rows) {
        return scene.infer("judge", request(rows));
    }

    /** Waits until the challenger has taken {@code calls} calls and none is under way; none may be skipped. */
    private void awaitChallenger(int calls) {
        waitFor(() -> {
            JsonNode counters = scene.show("judge").path("challenger").path("counters");
            return counters.path("in_flight").asInt() == 0
                    && counters.path("called").asInt()
                                    + counters.path("skipped_busy").asInt()
                            == calls;
        });
        assertThat(scene.show("judge")
                        .path("challenger")
                        .path("counters")
                        .path("skipped_busy")
                        .asInt())
                .isZero();
    }

    /** A wine-shaped row: the six values, then zeros. */
    private static float[] row(float[] values) {
        float[] row = new float[13];
        System.arraycopy(values, 0, row, 0, values.length);
        return row;
    }

    /** The report's latency summary equals the nearest-rank percentiles of the role's history rows. */
    private static void assertLatencies(JsonNode summary, List<JsonNode> rows, String role) {
        List<Long> latencies = new ArrayList<>();
        for (JsonNode row : rows) {
            if (row.path("role").asText().equals(role)) {
                latencies.add(row.path("latency_us").asLong());
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(summary.path("count").asInt()).isEqualTo(sorted.length);
        assertThat(summary.path("p50").asDouble()).isEqualTo(sorted[(int) Math.ceil(0.5 * sorted.length) - 1]);
        assertThat(summary.path("p90").asDouble()).isEqualTo(sorted[(int) Math.ceil(0.9 * sorted.length) - 1]);
        assertThat(summary.path("p99").asDouble()).isEqualTo(sorted[(int) Math.ceil(0.99 * sorted.length) - 1]);
        assertThat(summary.path("max").asDouble()).isEqualTo(sorted[sorted.length - 1]);
        assertThat(summary.path("mean").asDouble())
                .isCloseTo(Arrays.stream(sorted).average().orElseThrow(), within(1e-9));
    }
}

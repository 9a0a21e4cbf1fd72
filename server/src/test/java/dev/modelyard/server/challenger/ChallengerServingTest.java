package dev.modelyard.server.challenger;

import static dev.modelyard.server.challenger.ChallengerScene.absent;
import static dev.modelyard.server.challenger.ChallengerScene.expect;
import static dev.modelyard.server.challenger.ChallengerScene.json;
import static dev.modelyard.server.challenger.ChallengerScene.request;
import static dev.modelyard.server.challenger.ChallengerScene.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.TestingServer.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A challenger beside a live deployment, end to end: the champion's answers are the same as those
 * of a deployment without a challenger; both answers are recorded under one request uuid with their
 * roles, latencies and outputs; the answer goes out while the challenger still runs, and a
 * challenger slower than its timeout is recorded as timed out. Latencies are printed, never
 * asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChallengerServingTest {
    private static final int WARMUP_CALLS = 100;
    private static final int CALLS = 300;
    private static final String TRACK = "\"track\":{\"tag\":\"Production\"}";

    private TestingServer server;
    private ChallengerScene scene;
    private float[][] wines;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, Map.of("history.flush-interval-ms", "50"));
        scene = new ChallengerScene(server, "duel");
        scene.release("wine", TestingServer.resource("fixtures/wine_mlp.onnx"), "1.0.0");
        // a few milliseconds per call: ten times the champion's time in the model, and more
        scene.release("slow", ChallengerModels.slow(320, 2), "2.0.0");
        // seconds per call
        scene.release("slower", ChallengerModels.slow(2048, 2), "3.0.0");
        expect(scene.putTag("Production", "1.0.0", scene.olivia), 200);
        wines = wineRows(20);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theChampionAnswersAsWithoutAChallengerAndBothAnswersAreRecordedUnderOneRequest() {
        scene.deploy("plain", TRACK, null);
        JsonNode created = scene.deploy("duel", TRACK, "{\"release\":\"2.0.0\"}");
        assertThat(created.path("challenger").path("release").asText()).isEqualTo("2.0.0");
        assertThat(created.path("challenger").path("sampling_rate").asDouble()).isEqualTo(1.0);
        assertThat(created.path("challenger").path("timeout_ms").asLong()).isEqualTo(10_000);
        assertThat(created.path("challenger").path("target_release").asText()).isEqualTo("2.0.0");
        scene.record("plain");
        scene.record("duel");
        scene.awaitReady("plain");
        scene.awaitReady("duel");

        long[] plainNanos = new long[WARMUP_CALLS + CALLS];
        long[] duelNanos = new long[WARMUP_CALLS + CALLS];
        Set<String> duelRequests = new HashSet<>();
        for (int call = 0; call < WARMUP_CALLS + CALLS; call++) {
            String body = request(new float[][] {wines[call % wines.length]});
            boolean plainFirst = call % 2 == 0;
            Response first = null;
            Response second = null;
            for (int turn = 0; turn < 2; turn++) {
                boolean plainTurn = (turn == 0) == plainFirst;
                long started = System.nanoTime();
                Response answer = scene.infer(plainTurn ? "plain" : "duel", body);
                long elapsed = System.nanoTime() - started;
                if (plainTurn) {
                    plainNanos[call] = elapsed;
                    first = answer;
                } else {
                    duelNanos[call] = elapsed;
                    second = answer;
                }
            }
            Response plain = first;
            Response duel = second;
            assertThat(plain.status()).as(plain.text()).isEqualTo(200);
            assertThat(duel.status()).as(duel.text()).isEqualTo(200);
            assertThat(duel.json().path("model_version").asText()).isEqualTo("1.0.0");
            assertThat(duel.json().path("outputs").toString())
                    .isEqualTo(plain.json().path("outputs").toString());
            duelRequests.add(duel.headers().firstValue("x-request-id").orElseThrow());
        }
        // the first calls warm the code paths up (JIT) and are not measured
        long[] plainMeasured = Arrays.copyOfRange(plainNanos, WARMUP_CALLS, plainNanos.length);
        long[] duelMeasured = Arrays.copyOfRange(duelNanos, WARMUP_CALLS, duelNanos.length);
        System.out.printf(
                "challenger p50: without a challenger %.3f ms, with a challenger %.3f ms (%d calls each,"
                        + " alternating, after %d warm-up calls)%n",
                p50(plainMeasured) / 1e6, p50(duelMeasured) / 1e6, CALLS, WARMUP_CALLS);

        // every call went to the challenger, or was skipped and counted
        waitFor(() -> {
            JsonNode counters = scene.show("duel").path("challenger").path("counters");
            return counters.path("in_flight").asInt() == 0
                    && counters.path("called").asLong()
                                    + counters.path("sampled_out").asLong()
                                    + counters.path("skipped_busy").asLong()
                                    + counters.path("skipped_not_ready").asLong()
                            == WARMUP_CALLS + CALLS;
        });
        JsonNode counters = scene.show("duel").path("challenger").path("counters");
        long called = counters.path("called").asLong();
        System.out.println("challenger calls: " + counters);
        assertThat(counters.path("sampled_out").asLong()).isZero();
        assertThat(counters.path("skipped_not_ready").asLong()).isZero();
        assertThat(called).isPositive();

        waitFor(() -> scene.history("duel").size() == WARMUP_CALLS + CALLS + called);
        List<JsonNode> rows = scene.history("duel");
        Map<String, JsonNode> champions = new HashMap<>();
        List<JsonNode> challengers = new ArrayList<>();
        for (JsonNode row : rows) {
            if (row.path("role").asText().equals("champion")) {
                champions.put(row.path("request_uuid").asText(), row);
            } else {
                challengers.add(row);
            }
        }
        assertThat(champions.keySet()).isEqualTo(duelRequests);
        assertThat(challengers).hasSize((int) called);
        JsonNode model = expect(server.get(scene.base() + "/models/slow", scene.alice), 200)
                .json();
        for (JsonNode challenger : challengers) {
            assertThat(challenger.path("role").asText()).isEqualTo("challenger");
            JsonNode champion = champions.get(challenger.path("request_uuid").asText());
            assertThat(champion)
                    .as("the champion row of challenger row %s", challenger)
                    .isNotNull();
            assertThat(challenger.path("release").asText()).isEqualTo("2.0.0");
            assertThat(challenger.path("model_id").asText())
                    .isEqualTo(model.path("id").asText());
            assertThat(challenger.path("input").asText())
                    .isEqualTo(champion.path("input").asText());
            assertThat(challenger.path("deployment_id").asText())
                    .isEqualTo(champion.path("deployment_id").asText());
            assertThat(challenger.path("latency_us").asLong()).isPositive();
            assertThat(absent(challenger.path("error")))
                    .as(challenger.toString())
                    .isTrue();
            JsonNode output = json(challenger.path("output").asText());
            assertThat(output.get(0).path("name").asText()).isEqualTo("probabilities");
            assertThat(output.get(0).path("data")).hasSize(3);
            assertThat(champion.path("release").asText()).isEqualTo("1.0.0");
        }
        long championP50 = p50(champions.values().stream()
                .mapToLong(row -> row.path("latency_us").asLong())
                .toArray());
        long challengerP50 = p50(challengers.stream()
                .mapToLong(row -> row.path("latency_us").asLong())
                .toArray());
        System.out.printf(
                "recorded latency p50: champion %d µs, challenger %d µs (%.1f times)%n",
                championP50, challengerP50, challengerP50 / (double) championP50);
        // the deployment without a challenger records champion rows only
        waitFor(() -> scene.history("plain").size() == WARMUP_CALLS + CALLS);
        assertThat(scene.history("plain"))
                .allSatisfy(row -> assertThat(row.path("role").asText()).isEqualTo("champion"));
    }

    @Test
    void theAnswerGoesOutWhileTheChallengerStillRunsAndASlowerOneTimesOut() {
        scene.deploy("patient", TRACK, "{\"release\":\"3.0.0\",\"timeout_ms\":120000}");
        scene.deploy("hasty", TRACK, "{\"release\":\"3.0.0\",\"timeout_ms\":100}");
        scene.record("patient");
        scene.record("hasty");
        scene.awaitReady("patient");
        scene.awaitReady("hasty");
        String body = request(new float[][] {wines[0]});

        Response answer = scene.infer("patient", body);
        Instant answered = Instant.now();
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        String uuid = answer.headers().firstValue("x-request-id").orElseThrow();
        // the answer is here, and the challenger call of the same request still runs
        assertThat(scene.show("patient")
                        .path("challenger")
                        .path("counters")
                        .path("in_flight")
                        .asInt())
                .isEqualTo(1);
        waitFor(() -> row("patient", uuid, "challenger").isPresent());
        JsonNode champion = row("patient", uuid, "champion").orElseThrow();
        JsonNode challenger = row("patient", uuid, "challenger").orElseThrow();
        // rows are stamped when their model answered: the champion before the answer came, the challenger after
        assertThat(Instant.parse(champion.path("timestamp").asText())).isBeforeOrEqualTo(answered);
        assertThat(Instant.parse(challenger.path("timestamp").asText())).isAfter(answered);
        assertThat(absent(challenger.path("error"))).isTrue();
        assertThat(json(challenger.path("output").asText()).get(0).path("data")).hasSize(3);
        assertThat(challenger.path("release").asText()).isEqualTo("3.0.0");
        System.out.printf(
                "a very slow challenger: champion %d µs, challenger %d µs%n",
                champion.path("latency_us").asLong(),
                challenger.path("latency_us").asLong());

        Response hurried = scene.infer("hasty", body);
        assertThat(hurried.status()).as(hurried.text()).isEqualTo(200);
        String hurriedUuid = hurried.headers().firstValue("x-request-id").orElseThrow();
        waitFor(() -> row("hasty", hurriedUuid, "challenger").isPresent());
        JsonNode timedOut = row("hasty", hurriedUuid, "challenger").orElseThrow();
        assertThat(timedOut.path("error").asText()).isEqualTo("the challenger did not answer within 100 ms");
        assertThat(absent(timedOut.path("output"))).isTrue();
        assertThat(timedOut.path("latency_us").asLong()).isPositive();
        assertThat(absent(row("hasty", hurriedUuid, "champion").orElseThrow().path("error")))
                .isTrue();
    }

    private Optional<JsonNode> row(String deployment, String uuid, String role) {
        return scene.history(deployment).stream()
                .filter(row -> row.path("request_uuid").asText().equals(uuid))
                .filter(row -> row.path("role").asText().equals(role))
                .findFirst();
    }

    private static long p50(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.5) - 1];
    }

    /** The first rows of wine.csv, features only. */
    private static float[][] wineRows(int count) {
        String[] lines = new String(TestingServer.resource("fixtures/wine.csv"), StandardCharsets.UTF_8).split("\n");
        float[][] rows = new float[count][];
        for (int row = 0; row < count; row++) {
            String[] cells = lines[row + 1].split(",");
            rows[row] = new float[13];
            for (int feature = 0; feature < 13; feature++) {
                rows[row][feature] = Float.parseFloat(cells[feature]);
            }
        }
        return rows;
    }
}

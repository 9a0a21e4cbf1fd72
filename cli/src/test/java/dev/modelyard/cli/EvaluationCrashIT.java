package dev.modelyard.cli;

import static dev.modelyard.cli.TestingHttp.await;
import static dev.modelyard.cli.TestingHttp.expect;
import static dev.modelyard.cli.TestingHttp.get;
import static dev.modelyard.cli.TestingHttp.send;
import static dev.modelyard.cli.TestingHttp.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed (SIGKILL) in the middle of an evaluation leaves its job {@code running}; the
 * next server takes it back once the heartbeat is stale: it runs it again (and it completes), or,
 * with its attempts used up, fails it with the reason. It never stays running.
 */
class EvaluationCrashIT {
    private static final int ROWS = 600_000;

    @TempDir
    Path dataDir;

    @TempDir
    Path scratch;

    @Test
    void aJobInterruptedByAKillIsRetriedThenFailedWhenItsAttemptsAreUsedUp() throws Exception {
        Map<String, String> settings = settings(2);
        String token;
        String objective = "/api/v1/projects/crash/objectives/target";
        String job;
        try (ServerProcess first = ServerProcess.start(dataDir, settings)) {
            token = EmbeddedServer.readAdminToken(dataDir);
            prepare(first.baseUri(), token);
            job = submitAndAwaitRunning(first, token, objective);
            first.kill();
        }
        try (ServerProcess second = ServerProcess.start(dataDir, settings)) {
            JsonNode done =
                    await(second.baseUri(), token, objective + "/evaluations/" + job, node -> node.path("status")
                            .asText()
                            .equals("succeeded"));
            assertThat(done.path("attempt").asInt()).isEqualTo(2);
            assertThat(done.path("error").isNull() || done.path("error").isMissingNode())
                    .isTrue();
            JsonNode sets = get(second.baseUri(), token, objective + "/submissions/1/metric-sets")
                    .path("metric_sets");
            assertThat(sets).hasSize(1);
            assertThat(sets.get(0).path("row_count").asLong()).isEqualTo(ROWS);
            assertThat(second.log()).contains("lost its worker; it is now queued (attempt 1 of 2)");

            // a second kill with no attempts left: the job fails with the reason
            job = submitAndAwaitRunning(second, token, objective);
            second.kill();
        }
        try (ServerProcess third = ServerProcess.start(dataDir, settings(1))) {
            JsonNode failed =
                    await(third.baseUri(), token, objective + "/evaluations/" + job, node -> node.path("status")
                            .asText()
                            .equals("failed"));
            assertThat(failed.path("error").asText())
                    .isEqualTo("the server running this evaluation stopped: no heartbeat for 1000 ms");
            assertThat(failed.path("finished_at").asText()).isNotEmpty();
            JsonNode board = get(third.baseUri(), token, objective + "/leaderboard");
            assertThat(board.path("entries").get(1).path("evaluation").asText())
                    .startsWith("failed: the server running this evaluation stopped");
        }
    }

    private static Map<String, String> settings(int maxAttempts) {
        return Map.of(
                "MODELYARD_EVALUATIONS_HEARTBEAT_MS", "200",
                "MODELYARD_EVALUATIONS_STALE_AFTER_MS", "1000",
                "MODELYARD_EVALUATIONS_POLL_INTERVAL_MS", "200",
                "MODELYARD_EVALUATIONS_MAX_ATTEMPTS", Integer.toString(maxAttempts));
    }

    /** A project with a 600,000-row regression dataset, the linear model and an objective evaluating on it. */
    private void prepare(URI base, String token) throws Exception {
        expect(send(base, token, "POST", "/api/v1/projects", "{\"name\":\"crash\"}"), 201);
        expect(send(base, token, "POST", "/api/v1/projects/crash/datasets", "{\"name\":\"big\"}"), 201);
        Path csv = scratch.resolve("big.csv");
        StringBuilder text = new StringBuilder("f0,f1,f2,f3,f4,target\n");
        Random random = new Random(7);
        for (int row = 0; row < ROWS; row++) {
            double sum = 0;
            for (int column = 0; column < 5; column++) {
                double value = random.nextGaussian();
                sum += value;
                text.append(String.format(Locale.ROOT, "%.4f,", value));
            }
            text.append(String.format(Locale.ROOT, "%.4f\n", 10 * sum + random.nextGaussian()));
        }
        Files.writeString(csv, text);
        expect(
                upload(base, token, "/api/v1/projects/crash/datasets/big/versions", "big.csv", Files.readAllBytes(csv)),
                201);
        expect(send(base, token, "POST", "/api/v1/projects/crash/models", "{\"name\":\"linear\"}"), 201);
        Path model = EmbeddedServer.fixture("synth_regression_linear.onnx", scratch);
        expect(
                upload(
                        base,
                        token,
                        "/api/v1/projects/crash/models/linear/versions",
                        "synth_regression_linear.onnx",
                        Files.readAllBytes(model)),
                201);
        expect(
                send(
                        base,
                        token,
                        "POST",
                        "/api/v1/projects/crash/objectives",
                        "{\"name\":\"target\",\"task_type\":\"regression\",\"label_column\":\"target\","
                                + "\"metrics\":[{\"name\":\"rmse\"}],\"evaluation\":{\"datasets\":[{\"dataset\":\"big\"}],"
                                + "\"score_mapping\":{\"feature_columns\":[\"f0\",\"f1\",\"f2\",\"f3\",\"f4\"]}}}"),
                201);
    }

    /** Submits the model and returns its job's id once a worker runs it. */
    private static String submitAndAwaitRunning(ServerProcess server, String token, String objective) throws Exception {
        int number = expect(
                        send(
                                server.baseUri(),
                                token,
                                "POST",
                                objective + "/submissions",
                                "{\"model\":\"linear\",\"version\":1,\"metadata\":{}}"),
                        201)
                .path("number")
                .asInt();
        JsonNode jobs = await(
                server.baseUri(),
                token,
                objective + "/evaluations?submission=" + number,
                node -> node.path("jobs").path(0).path("status").asText().equals("running"));
        return jobs.path("jobs").path(0).path("id").asText();
    }
}

package dev.modelyard.server;

import static dev.modelyard.server.TestingGovernance.expect;
import static dev.modelyard.server.TestingInference.waitFor;
import static dev.modelyard.server.TestingInference.wineRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.server.TestingServer.Response;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment's inference history over HTTP: only owners create, pause, resume and remove it,
 * always into a new dataset; every call, answered or failed, becomes one row with every column
 * filled; the rows are queried by time and error, page by page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestingServer server;
    private TestingGovernance scene;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, Map.of("history.flush-interval-ms", "50"));
        scene = new TestingGovernance(server, "hist");
        scene.createObjective("wine", "");
        int number = scene.submit("wine", "{}");
        scene.approve("wine", number, scene.bob);
        expect(scene.release("wine", number, "1.0.0", "[]", scene.alice), 201);
        expect(scene.putTag("wine", "Production", "1.0.0", scene.olivia), 200);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void everyCallIsRecordedWithEveryFieldAndOnlyOwnersManageTheHistory() throws Exception {
        String deployment = deploy("wine-hist");
        String history = scene.base() + "/deployments/wine-hist/history";
        String key = expect(server.post(deployment + "/keys", scene.alice, "{\"name\":\"k\"}"), 201)
                .json()
                .path("secret")
                .asText();
        String keyId = server.get(deployment + "/keys", scene.alice)
                .json()
                .path("keys")
                .get(0)
                .path("id")
                .asText();

        // only owners create it, and always into a new dataset
        assertThat(server.post(history, scene.alice, "{}").status()).isEqualTo(403);
        expect(server.post(scene.base() + "/datasets", scene.alice, "{\"name\":\"taken\"}"), 201);
        Response existing = server.post(history, scene.olivia, "{\"dataset\":\"taken\"}");
        assertThat(existing.status()).isEqualTo(409);
        assertThat(existing.errorMessage()).contains("always records into a new dataset");
        assertThat(server.post(history, scene.olivia, "{\"sampling_rate\":0}").status())
                .isEqualTo(400);
        JsonNode created = expect(server.post(history, scene.olivia, "{}"), 201).json();
        assertThat(created.path("dataset").asText()).isEqualTo("wine-hist-history");
        assertThat(created.path("state").asText()).isEqualTo("recording");
        assertThat(server.post(history, scene.olivia, "{\"dataset\":\"another\"}")
                        .status())
                .isEqualTo(409);

        // calls with an API key, with a member's token, and a failing one
        Instant before = Instant.now();
        List<String> keyCalls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response answer = infer("wine-hist", "x-api-key", key, wineRequest());
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            keyCalls.add(answer.headers().firstValue("x-request-id").orElseThrow());
        }
        Response byBob = infer("wine-hist", "Authorization", "Bearer " + scene.bob, wineRequest());
        assertThat(byBob.status()).isEqualTo(200);
        Response bad = infer(
                "wine-hist",
                "x-api-key",
                key,
                "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}]}");
        assertThat(bad.status()).isEqualTo(400);
        waitFor(() -> status(history)
                        .path("current")
                        .path("counters")
                        .path("recorded")
                        .asLong()
                == 5);
        JsonNode counters = status(history).path("current").path("counters");
        assertThat(counters.path("calls").asLong()).isEqualTo(5);
        assertThat(counters.path("dropped").asLong()).isZero();
        assertThat(counters.path("failed").asLong()).isZero();

        JsonNode rows = server.get(history, scene.bob).json().path("rows");
        assertThat(rows).hasSize(5);
        JsonNode objective = server.get(scene.objective("wine"), scene.bob).json();
        String modelId = server.get(scene.base() + "/models/wine", scene.bob)
                .json()
                .path("id")
                .asText();
        String modelVersionId = server.get(scene.base() + "/models/wine/versions/1", scene.bob)
                .json()
                .path("id")
                .asText();
        JsonNode users = server.get("/api/v1/users", scene.bob).json().path("users");
        String bobId = null;
        for (JsonNode user : users) {
            if (user.path("name").asText().equals("hist-bob")) {
                bobId = user.path("id").asText();
            }
        }
        String deploymentId =
                server.get(deployment, scene.bob).json().path("id").asText();
        for (JsonNode row : rows) {
            assertThat(Instant.parse(row.path("timestamp").asText())).isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(row.path("request_uuid").asText()).isNotBlank();
            assertThat(row.path("deployment_id").asText()).isEqualTo(deploymentId);
            assertThat(row.path("objective_id").asText())
                    .isEqualTo(objective.path("id").asText());
            assertThat(row.path("model_id").asText()).isEqualTo(modelId);
            assertThat(row.path("model_version_id").asText()).isEqualTo(modelVersionId);
            assertThat(row.path("release").asText()).isEqualTo("1.0.0");
            assertThat(row.path("latency_us").asLong()).isPositive();
            assertThat(row.path("role").asText()).isEqualTo("champion");
            JsonNode input = JSON.readTree(row.path("input").asText());
            assertThat(input.get(0).path("name").asText()).isEqualTo("input");
        }
        List<JsonNode> answered = new ArrayList<>();
        rows.forEach(row -> {
            if (absent(row.path("error"))) {
                answered.add(row);
            }
        });
        assertThat(answered).hasSize(4);
        assertThat(answered.stream().map(row -> row.path("request_uuid").asText()))
                .containsAll(keyCalls);
        for (JsonNode row : answered) {
            JsonNode output = JSON.readTree(row.path("output").asText());
            assertThat(output.get(0).path("name").asText()).isEqualTo("probabilities");
            assertThat(output.get(0).path("data")).hasSize(3);
            if (keyCalls.contains(row.path("request_uuid").asText())) {
                assertThat(row.path("api_key_id").asText()).isEqualTo(keyId);
                assertThat(absent(row.path("user_id"))).isTrue();
            } else {
                assertThat(row.path("user_id").asText()).isEqualTo(bobId);
                assertThat(absent(row.path("api_key_id"))).isTrue();
            }
        }
        JsonNode failed =
                server.get(history + "?error_only=true", scene.bob).json().path("rows");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("error").asText()).isNotBlank();
        assertThat(absent(failed.get(0).path("output"))).isTrue();
        assertThat(failed.get(0).path("api_key_id").asText()).isEqualTo(keyId);
        assertThat(server.get(history + "?to=" + before.minusSeconds(60), scene.bob)
                        .json()
                        .path("rows"))
                .isEmpty();

        // pages of two
        JsonNode first = server.get(history + "?max_results=2", scene.bob).json();
        assertThat(first.path("rows")).hasSize(2);
        JsonNode second = server.get(
                        history + "?max_results=2&page_token="
                                + first.path("next_page_token").asText(),
                        scene.bob)
                .json();
        JsonNode third = server.get(
                        history + "?max_results=2&page_token="
                                + second.path("next_page_token").asText(),
                        scene.bob)
                .json();
        assertThat(third.path("rows")).hasSize(1);
        assertThat(absent(third.path("next_page_token"))).isTrue();
        assertThat(server.get(history + "?page_token=bogus", scene.bob).status())
                .isEqualTo(400);

        // only Modelyard writes to the history's dataset
        Response upload = server.upload(
                scene.base() + "/datasets/wine-hist-history/versions",
                scene.olivia,
                "x.csv",
                "a\n1\n".getBytes(),
                null);
        assertThat(upload.status()).isEqualTo(409);
        assertThat(upload.errorMessage()).contains("is an inference history");

        // pause and resume: owners only; paused calls are not recorded
        assertThat(server.post(history + "/pause", scene.alice, null).status()).isEqualTo(403);
        assertThat(expect(server.post(history + "/pause", scene.olivia, null), 200)
                        .json()
                        .path("state")
                        .asText())
                .isEqualTo("paused");
        assertThat(infer("wine-hist", "x-api-key", key, wineRequest()).status()).isEqualTo(200);
        expect(server.post(history + "/resume", scene.olivia, null), 200);
        assertThat(infer("wine-hist", "x-api-key", key, wineRequest()).status()).isEqualTo(200);
        waitFor(() -> status(history)
                        .path("current")
                        .path("counters")
                        .path("recorded")
                        .asLong()
                == 6);
        assertThat(status(history)
                        .path("current")
                        .path("counters")
                        .path("calls")
                        .asLong())
                .isEqualTo(6);

        // removal is final: the dataset stays readable, a new history needs a new dataset
        assertThat(server.send("DELETE", history, scene.alice, null).status()).isEqualTo(403);
        assertThat(expect(server.send("DELETE", history, scene.olivia, null), 200)
                        .json()
                        .path("state")
                        .asText())
                .isEqualTo("removed");
        assertThat(server.post(history + "/resume", scene.olivia, null).status())
                .isEqualTo(404);
        assertThat(infer("wine-hist", "x-api-key", key, wineRequest()).status()).isEqualTo(200);
        assertThat(server.get(history, scene.bob).json().path("rows")).hasSize(6);
        expect(server.get(scene.base() + "/datasets/wine-hist-history/versions", scene.bob), 200);
        Response sameDataset = server.post(history, scene.olivia, "{}");
        assertThat(sameDataset.status()).isEqualTo(409);
        expect(server.post(history, scene.olivia, "{\"dataset\":\"wine-hist-history-2\"}"), 201);
        JsonNode after = status(history);
        assertThat(after.path("current").path("dataset").asText()).isEqualTo("wine-hist-history-2");
        assertThat(after.path("removed").findValuesAsText("dataset")).containsExactly("wine-hist-history");

        assertThat(server.get(scene.base() + "/audit", scene.olivia).json().findValuesAsText("action"))
                .contains("history.create", "history.pause", "history.resume", "history.remove");
        assertThat(server.get("/metrics", null).text())
                .contains("modelyard_history_recorded_total{deployment=\"wine-hist\"}");
    }

    @Test
    void namedInputsAreStoredAsAHashAndSamplingKeepsAShare() throws Exception {
        deploy("wine-redacted");
        String history = scene.base() + "/deployments/wine-redacted/history";
        expect(server.post(history, scene.olivia, "{\"redacted_fields\":[\"input\"],\"sampling_rate\":0.5}"), 201);
        for (int i = 0; i < 200; i++) {
            assertThat(infer("wine-redacted", null, null, wineRequest()).status())
                    .isEqualTo(200);
        }
        waitFor(() -> {
            JsonNode counters = status(history).path("current").path("counters");
            return counters.path("recorded").asLong()
                            + counters.path("sampled_out").asLong()
                    == 200;
        });
        JsonNode counters = status(history).path("current").path("counters");
        assertThat(counters.path("recorded").asLong()).isBetween(50L, 150L);
        JsonNode row = server.get(history + "?max_results=1", scene.bob)
                .json()
                .path("rows")
                .get(0);
        JsonNode input = JSON.readTree(row.path("input").asText()).get(0);
        assertThat(input.path("data").asText()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(input.path("shape").toString()).isEqualTo("[1,13]");
    }

    /** Null values are left out of API answers. */
    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    private String deploy(String name) {
        expect(
                server.post(
                        scene.base() + "/deployments",
                        scene.alice,
                        "{\"name\":\"" + name + "\",\"objective\":\"wine\",\"track\":{\"tag\":\"Production\"},"
                                + "\"access\":\"" + (name.equals("wine-hist") ? "project" : "public") + "\"}"),
                201);
        String deployment = scene.base() + "/deployments/" + name;
        waitFor(() -> "ready"
                .equals(server.get(deployment, scene.alice)
                        .json()
                        .path("status")
                        .asText()));
        return deployment;
    }

    private JsonNode status(String history) {
        return expect(server.get(history + "/status", scene.bob), 200).json();
    }

    private Response infer(String deployment, String header, String value, String body) {
        return server.sendWithHeader("POST", "/v2/models/" + deployment + "/infer", header, value, body);
    }
}

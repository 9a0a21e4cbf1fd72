package dev.modelyard.server;

import static dev.modelyard.server.TestingGovernance.expect;
import static dev.modelyard.server.TestingInference.WINE_ROW;
import static dev.modelyard.server.TestingInference.waitFor;
import static dev.modelyard.server.TestingInference.wineInstance;
import static dev.modelyard.server.TestingInference.wineRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.server.TestingServer.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Bad inference input gets a 4xx naming the problem; overload gets 503 at once; the server recovers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceBadInputTest {

    private TestingServer server;
    private TestingGovernance scene;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, Map.of("server.max-json-bytes", Integer.toString(8 << 20)));
        scene = new TestingGovernance(server, "infer");
        expect(server.post(scene.base() + "/models", scene.alice, "{\"name\":\"digits\"}"), 201);
        expect(
                server.upload(
                        scene.base() + "/models/digits/versions",
                        scene.alice,
                        "digits_mlp.onnx",
                        TestingServer.resource("fixtures/digits_mlp.onnx"),
                        null),
                201);
        scene.createObjective("wine", "");
        scene.createObjective("digits", "");
        release("wine", "wine");
        release("digits", "digits");
        deploy("wine-check", "wine", "{}");
        // one slot, held for half a second while the micro-batcher waits for company: a slow deployment
        deploy(
                "digits-tiny",
                "digits",
                "{\"workers\":1,\"queue_capacity\":1,\"max_batch_size\":64,\"max_batch_delay_us\":500000}");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void malformedOipRequestsAreRefusedWithTheReason() {
        assertOipError(
                infer("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,13],\"datatype\":\"FP99\",\"data\":[" + WINE_ROW
                        + "]}]}"),
                400,
                "FP99");
        assertOipError(
                infer("{\"inputs\":[{\"name\":\"input\",\"shape\":[2,13],\"datatype\":\"FP32\",\"data\":[" + WINE_ROW
                        + "]}]}"),
                400,
                "26");
        assertOipError(
                infer("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,13],\"datatype\":\"FP32\",\"data\":[" + WINE_ROW
                        + "]}]}"),
                400,
                "features");
        assertOipError(
                infer("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":"
                        + "[1, \"two\"]}]}"),
                400,
                "input");
        assertOipError(infer("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,"), 400, "");
        assertOipError(
                server.post("/v2/models/no-such-deployment/infer", null, wineRequest()), 404, "no-such-deployment");
        assertThat(infer(wineRequest()).status()).isEqualTo(200);
    }

    @Test
    void oversizedBodiesAreRefused() {
        String huge = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,13],\"datatype\":\"FP32\",\"data\":[" + WINE_ROW
                + "]}],\"padding\":\"" + "x".repeat(9 << 20) + "\"}";
        assertThat(infer(huge).status()).isEqualTo(413);
        assertThat(infer(wineRequest()).status()).isEqualTo(200);
    }

    @Test
    void predictNamesTheFeatureThatIsWrong() {
        assertPredictError("{\"instances\":[{\"alcohol\":1}]}", "lacks feature 'malic_acid'");
        assertPredictError("{\"instances\":[" + wineInstance(",\"colour\":3") + "]}", "unknown feature 'colour'");
        assertPredictError(
                "{\"instances\":[" + wineInstance("").replace("\"ash\":2.43", "\"ash\":\"high\"") + "]}",
                "feature 'ash' of instance 0 must be a number");
        assertPredictError("{\"instances\":[]}", "at least one instance");
        assertPredictError("{\"rows\":[]}", "instances");
        Response good = server.post(
                "/api/v1/deployments/wine-check/predict", null, "{\"instances\":[" + wineInstance("") + "]}");
        assertThat(good.status()).as(good.text()).isEqualTo(200);
    }

    @Test
    void aFullDeploymentAnswers503AtOnceAndRecovers() throws Exception {
        String request = digitsRequest(1);
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            List<String> finished = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    Response response = server.post("/v2/models/digits-tiny/infer", null, request);
                    finished.add(Integer.toString(response.status()));
                    return response;
                }));
            }
            int ok = 0;
            int busy = 0;
            for (Future<Response> answer : answers) {
                Response response = answer.get(60, TimeUnit.SECONDS);
                if (response.status() == 200) {
                    ok++;
                } else {
                    assertThat(response.status()).as(response.text()).isEqualTo(503);
                    assertThat(response.json().path("error").asText()).contains("at capacity");
                    busy++;
                }
            }
            assertThat(ok).isPositive();
            assertThat(busy)
                    .as("requests refused while the only slot was taken")
                    .isPositive();
            assertThat(finished.get(0))
                    .as("a refusal comes back before the admitted request ends")
                    .isEqualTo("503");
        } finally {
            pool.shutdownNow();
        }
        Response after = server.post("/v2/models/digits-tiny/infer", null, digitsRequest(2));
        assertThat(after.status()).as(after.text()).isEqualTo(200);
        assertThat(server.get("/metrics", null).text())
                .contains("modelyard_requests_rejected_total{deployment=\"digits-tiny\",release=\"1.0.0\"}");
    }

    private void release(String objective, String model) {
        int number = expect(
                        server.post(
                                scene.objective(objective) + "/submissions",
                                scene.alice,
                                "{\"model\":\"" + model + "\",\"version\":1}"),
                        201)
                .json()
                .path("number")
                .asInt();
        scene.approve(objective, number, scene.bob);
        expect(scene.release(objective, number, "1.0.0", "[\"Staging\"]", scene.alice), 201);
    }

    private void deploy(String name, String objective, String resources) {
        expect(
                server.post(
                        scene.base() + "/deployments",
                        scene.alice,
                        "{\"name\":\"" + name + "\",\"objective\":\"" + objective
                                + "\",\"track\":{\"tag\":\"Staging\"}," + "\"access\":\"public\",\"resources\":"
                                + resources + "}"),
                201);
        waitFor(() -> "ready"
                .equals(server.get(scene.base() + "/deployments/" + name, scene.alice)
                        .json()
                        .path("status")
                        .asText()));
    }

    private Response infer(String body) {
        return server.post("/v2/models/wine-check/infer", null, body);
    }

    private void assertPredictError(String body, String messagePart) {
        Response response = server.post("/api/v1/deployments/wine-check/predict", null, body);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.errorMessage()).contains(messagePart);
    }

    private static void assertOipError(Response response, int status, String messagePart) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).contains(messagePart);
    }

    private static String digitsRequest(int rows) {
        StringBuilder json = new StringBuilder(rows * 64 * 3 + 100);
        json.append("{\"inputs\":[{\"name\":\"input\",\"shape\":[")
                .append(rows)
                .append(",64],\"datatype\":\"FP32\",\"data\":[");
        for (int i = 0; i < rows * 64; i++) {
            json.append(i == 0 ? "" : ",").append(i % 17);
        }
        return json.append("]}]}").toString();
    }
}

package dev.modelyard.server;

import static dev.modelyard.server.TestingGovernance.expect;
import static dev.modelyard.server.TestingInference.WINE_ROW;
import static dev.modelyard.server.TestingInference.sleep;
import static dev.modelyard.server.TestingInference.waitFor;
import static dev.modelyard.server.TestingInference.wineInstance;
import static dev.modelyard.server.TestingInference.wineRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer.Response;
import dev.modelyard.server.inference.grpc.InferTensorContents;
import dev.modelyard.server.inference.grpc.ModelInferRequest;
import dev.modelyard.server.inference.grpc.ModelInferResponse;
import dev.modelyard.server.inference.oip.OipGrpcService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
 * A live deployment end to end over HTTP: it serves the release its tag points at through OIP
 * REST and the simple JSON form, switches when the tag moves, rolls back, and applies its access
 * level to every kind of credential.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentServingTest {

    private TestingServer server;
    private TestingGovernance scene;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, Map.of());
        scene = new TestingGovernance(server, "live");
        expect(
                server.upload(
                        scene.base() + "/models/wine/versions",
                        scene.alice,
                        "wine_mlp.onnx",
                        TestingServer.resource("fixtures/wine_mlp.onnx"),
                        "runtime: onnx\nmetadata:\n  variant: second\n"),
                201);
        scene.createObjective("wine", "");
        for (int version = 1; version <= 2; version++) {
            Response submitted = expect(
                    server.post(
                            scene.objective("wine") + "/submissions",
                            scene.alice,
                            "{\"model\":\"wine\",\"version\":" + version + "}"),
                    201);
            int number = submitted.json().path("number").asInt();
            scene.approve("wine", number, scene.bob);
            expect(scene.release("wine", number, "1." + (version - 1) + ".0", "[]", scene.alice), 201);
        }
        expect(scene.putTag("wine", "Production", "1.0.0", scene.olivia), 200);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void servesTheTaggedReleaseAndFollowsTagMoves() {
        createDeployment("wine-live", "public", "{\"tag\":\"Production\"}", null);
        waitFor(() -> "ready".equals(deployment("wine-live").path("status").asText()));

        Response infer = server.post("/v2/models/wine-live/infer", null, wineRequest());
        assertThat(infer.status()).as(infer.text()).isEqualTo(200);
        JsonNode answer = infer.json();
        assertThat(answer.path("model_name").asText()).isEqualTo("wine-live");
        assertThat(answer.path("model_version").asText()).isEqualTo("1.0.0");
        assertThat(answer.path("outputs").get(0).path("name").asText()).isEqualTo("probabilities");
        assertThat(answer.path("outputs").get(0).path("data").get(0).asDouble()).isGreaterThan(0.89);
        assertThat(infer.headers().firstValue("x-request-id")).isPresent();

        Response predict = server.post(
                "/api/v1/deployments/wine-live/predict", null, "{\"instances\":[" + wineInstance("") + "]}");
        assertThat(predict.status()).as(predict.text()).isEqualTo(200);
        assertThat(predict.json().path("release").asText()).isEqualTo("1.0.0");
        assertThat(predict.json().path("predictions").get(0)).hasSize(3);

        Instant moved = Instant.now();
        expect(scene.putTag("wine", "Production", "1.1.0", scene.olivia), 200);
        waitFor(() -> "1.1.0"
                .equals(server.post("/v2/models/wine-live/infer", null, wineRequest())
                        .json()
                        .path("model_version")
                        .asText()));
        assertThat(Duration.between(moved, Instant.now())).isLessThan(Duration.ofSeconds(2));
        JsonNode metadata = server.get("/v2/models/wine-live", null).json();
        assertThat(metadata.path("platform").asText()).isEqualTo("onnx_onnxv1");
        assertThat(metadata.path("inputs").get(0).path("shape").toString()).isEqualTo("[-1,13]");
        Response previous = server.post("/v2/models/wine-live/versions/1.0.0/infer", null, wineRequest());
        assertThat(previous.status()).as(previous.text()).isEqualTo(200);
        assertThat(previous.json().path("model_version").asText()).isEqualTo("1.0.0");
        assertThat(server.post("/v2/models/wine-live/versions/9.9.9/infer", null, wineRequest())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void servesOverGrpcOnTheSamePort() throws Exception {
        createDeployment("wine-grpc", "project", "{\"tag\":\"Production\"}", null);
        String key = createKey("wine-grpc", null);
        waitFor(() -> "ready".equals(deployment("wine-grpc").path("status").asText()));
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.grpc.client.GrpcClient client = io.vertx.grpc.client.GrpcClient.client(vertx);
            ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                    .setName("input")
                    .setDatatype("FP32")
                    .addShape(1)
                    .addShape(13);
            InferTensorContents.Builder contents = InferTensorContents.newBuilder();
            for (String value : WINE_ROW.split(",")) {
                contents.addFp32Contents(Float.parseFloat(value));
            }
            ModelInferRequest request = ModelInferRequest.newBuilder()
                    .setModelName("wine-grpc")
                    .setId("grpc-1")
                    .addInputs(input.setContents(contents))
                    .build();
            io.vertx.grpc.common.ServiceMethod<ModelInferResponse, ModelInferRequest> method =
                    io.vertx.grpc.common.ServiceMethod.client(
                            OipGrpcService.SERVICE,
                            "ModelInfer",
                            io.vertx.grpc.common.GrpcMessageEncoder.encoder(),
                            io.vertx.grpc.common.GrpcMessageDecoder.decoder(ModelInferResponse.getDefaultInstance()));
            ModelInferResponse response = client.request(
                            io.vertx.core.net.SocketAddress.inetSocketAddress(
                                    server.server().port(), "127.0.0.1"),
                            method)
                    .compose(call -> {
                        call.headers().set("x-api-key", key);
                        return call.send(request).compose(answer -> answer.last());
                    })
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.getModelName()).isEqualTo("wine-grpc");
            assertThat(response.getModelVersion()).isIn("1.0.0", "1.1.0");
            assertThat(response.getId()).isEqualTo("grpc-1");
            assertThat(response.getOutputs(0).getName()).isEqualTo("probabilities");
            assertThat(response.getOutputs(0).getContents().getFp32ContentsCount())
                    .isEqualTo(3);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void servesXgboostModelsThroughTheSameEndpoints() {
        expect(server.post(scene.base() + "/models", scene.alice, "{\"name\":\"churn\"}"), 201);
        expect(
                server.upload(
                        scene.base() + "/models/churn/versions",
                        scene.alice,
                        "synth_binary_xgb.json",
                        TestingServer.resource("fixtures/synth_binary_xgb.json"),
                        null),
                201);
        expect(
                server.post(
                        scene.base() + "/objectives",
                        scene.alice,
                        "{\"name\":\"churn\",\"task_type\":\"binary_classification\",\"metrics\":[{\"name\":\"roc_auc\"}]}"),
                201);
        int number = expect(
                        server.post(
                                scene.objective("churn") + "/submissions",
                                scene.alice,
                                "{\"model\":\"churn\",\"version\":1}"),
                        201)
                .json()
                .path("number")
                .asInt();
        scene.approve("churn", number, scene.bob);
        expect(scene.release("churn", number, "1.0.0", "[\"Staging\"]", scene.alice), 201);
        createDeployment("churn-live", "churn", "public", "{\"tag\":\"Staging\"}", null);
        waitFor(() -> "ready".equals(deployment("churn-live").path("status").asText()));
        // the first row of synth_binary.csv (f0..f7) and its reference probability of class 1
        String row = "0.0082657422954182103,-4.0601736748325381,0.27891340934629466,4.4335496498996507,"
                + "-0.76244958704207966,-0.050553573959401854,-2.4156210671818044,3.3405892600903391";
        Response infer = server.post(
                "/v2/models/churn-live/infer",
                null,
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,8],\"datatype\":\"FP32\",\"data\":[" + row + "]}]}");
        assertThat(infer.status()).as(infer.text()).isEqualTo(200);
        JsonNode output = infer.json().path("outputs").get(0);
        assertThat(output.path("name").asText()).isEqualTo("prediction");
        assertThat(output.path("data").get(0).asDouble()).isCloseTo(0.0042005344294011593, within(1e-5));
        assertThat(server.get("/v2/models/churn-live", null)
                        .json()
                        .path("platform")
                        .asText())
                .isEqualTo("xgboost_json");
    }

    @Test
    void rollbackRestoresTheReleaseOfAnEarlierRevision() {
        createDeployment("wine-pinned", "public", null, "{\"release\":\"1.0.0\"}");
        waitFor(() -> "1.0.0".equals(deployment("wine-pinned").path("release").asText()));
        expect(
                server.send(
                        "PATCH",
                        scene.base() + "/deployments/wine-pinned",
                        scene.alice,
                        "{\"pin\":{\"release\":\"1.1.0\"}}"),
                200);
        waitFor(() -> "1.1.0".equals(deployment("wine-pinned").path("release").asText()));
        JsonNode rolledBack = expect(
                        server.post(scene.base() + "/deployments/wine-pinned/revisions/1/rollback", scene.alice, null),
                        200)
                .json();
        assertThat(rolledBack.path("revision").asInt()).isEqualTo(3);
        waitFor(() -> "1.0.0".equals(deployment("wine-pinned").path("release").asText()));
        List<String> changes = new ArrayList<>();
        server.get(scene.base() + "/deployments/wine-pinned/revisions", scene.alice)
                .json()
                .path("revisions")
                .forEach(revision -> changes.add(revision.path("number").asInt() + " "
                        + revision.path("release").asText() + " "
                        + revision.path("change").asText()));
        assertThat(changes)
                .containsExactly(
                        "3 1.0.0 rollback to revision 1 (pin 1.0.0)",
                        "2 1.1.0 pin 1.0.0 → pin 1.1.0",
                        "1 1.0.0 created: pin 1.0.0");
    }

    @Test
    void accessLevelsAdmitExactlyTheRightCallers() {
        String stranger = expect(server.post("/api/v1/users", scene.admin, "{\"name\":\"live-stranger\"}"), 201)
                .json()
                .path("secret")
                .asText();
        for (String access : List.of("public", "instance", "project")) {
            String name = "wine-" + access;
            createDeployment(name, access, "{\"tag\":\"Production\"}", null);
            String key = createKey(name, null);
            String revoked = createKey(name, null);
            String keyId = server.get(scene.base() + "/deployments/" + name + "/keys", scene.alice)
                    .json()
                    .path("keys")
                    .get(0)
                    .path("id")
                    .asText();
            expect(
                    server.send("DELETE", scene.base() + "/deployments/" + name + "/keys/" + keyId, scene.alice, null),
                    200);
            String expiring = createKey(name, Instant.now().plusSeconds(2).toString());
            waitFor(() -> "ready".equals(deployment(name).path("status").asText()));
            sleep(2_100);
            String otherKey = createKey("wine-live-other-" + access, null);

            boolean open = access.equals("public");
            assertThat(call(name, null, null)).as(access + " no credential").isEqualTo(open ? 200 : 401);
            assertThat(call(name, "myd_not-a-token", null))
                    .as(access + " invalid token")
                    .isEqualTo(open ? 200 : 401);
            assertThat(call(name, stranger, null))
                    .as(access + " non-member token")
                    .isEqualTo(access.equals("project") ? 403 : 200);
            assertThat(call(name, scene.bob, null)).as(access + " member token").isEqualTo(200);
            assertThat(call(name, null, key)).as(access + " valid key").isEqualTo(200);
            assertThat(call(name, null, revoked)).as(access + " revoked key").isEqualTo(open ? 200 : 401);
            assertThat(call(name, null, expiring)).as(access + " expired key").isEqualTo(open ? 200 : 401);
            assertThat(call(name, null, otherKey))
                    .as(access + " other deployment's key")
                    .isEqualTo(open ? 200 : 403);
        }
    }

    private int call(String deployment, String token, String key) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        server.baseUri().resolve("/v2/models/" + deployment + "/infer"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(wineRequest(), StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("x-api-key", key);
        }
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String createKey(String deployment, String expiresAt) {
        if (deployment.startsWith("wine-live-other-")) {
            if (server.get(scene.base() + "/deployments/" + deployment, scene.alice)
                            .status()
                    == 404) {
                createDeployment(deployment, "project", "{\"tag\":\"Production\"}", null);
            }
        }
        String body = expiresAt == null ? "{\"name\":\"k\"}" : "{\"name\":\"k\",\"expires_at\":\"" + expiresAt + "\"}";
        return expect(server.post(scene.base() + "/deployments/" + deployment + "/keys", scene.alice, body), 201)
                .json()
                .path("secret")
                .asText();
    }

    private void createDeployment(String name, String access, String track, String pin) {
        createDeployment(name, "wine", access, track, pin);
    }

    private void createDeployment(String name, String objective, String access, String track, String pin) {
        String target = track != null ? "\"track\":" + track : "\"pin\":" + pin;
        expect(
                server.post(
                        scene.base() + "/deployments",
                        scene.alice,
                        "{\"name\":\"" + name + "\",\"objective\":\"" + objective + "\"," + target + ",\"access\":\""
                                + access + "\"}"),
                201);
    }

    private JsonNode deployment(String name) {
        return server.get(scene.base() + "/deployments/" + name, scene.alice).json();
    }
}

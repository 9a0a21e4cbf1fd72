package dev.modelyard.server.inference.oip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OipRestRoutesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int LIMIT = 2048;
    private static final String BODY = "{\"id\":\"my-id\",\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],"
            + "\"datatype\":\"FP32\",\"data\":[[0.1,2,3.5]]},{\"name\":\"k\",\"shape\":[2],\"datatype\":\"INT64\","
            + "\"data\":[1,2]}],\"outputs\":[{\"name\":\"x\"}]}";

    private static Vertx vertx;
    private static HttpServer server;
    private static TestingGateway gateway;
    private static HttpClient client;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        gateway = new TestingGateway();
        Router router = Router.router(vertx);
        new OipRestRoutes(gateway, LIMIT).register(router);
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void reset() {
        gateway.ready = true;
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(
                request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        return MAPPER.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("error").asText()).contains(messagePart);
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void servesServerMetadataAndHealth() throws Exception {
        HttpResponse<String> metadata = get("/v2");
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(json(metadata))
                .isEqualTo(MAPPER.readTree("{\"name\":\"modelyard\",\"version\":\"0.1.0-test\",\"extensions\":[]}"));
        assertThat(UUID.fromString(metadata.headers().firstValue("x-request-id").orElseThrow()))
                .isNotNull();

        HttpResponse<String> live = get("/v2/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json(live)).isEqualTo(MAPPER.readTree("{\"live\":true}"));

        HttpResponse<String> ready = get("/v2/health/ready", "x-request-id", "probe-1");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready)).isEqualTo(MAPPER.readTree("{\"ready\":true}"));
        assertThat(ready.headers().firstValue("x-request-id")).contains("probe-1");

        gateway.ready = false;
        assertError(get("/v2/health/ready"), 503, "not ready");
    }

    @Test
    void servesModelMetadata() throws Exception {
        HttpResponse<String> latest = get("/v2/models/iris", "authorization", "Bearer tok", "x-api-key", "key");
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(json(latest))
                .isEqualTo(
                        MAPPER.readTree("{\"name\":\"iris\",\"versions\":[\"r2\",\"r1\"],\"platform\":\"onnx_onnxv1\","
                                + "\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,13]}],"
                                + "\"outputs\":[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[-1,1]},"
                                + "{\"name\":\"label\",\"datatype\":\"INT64\",\"shape\":[-1]}]}"));
        assertThat(gateway.lastRelease).isEmpty();
        assertThat(gateway.lastCredentials.bearer()).contains("tok");
        assertThat(gateway.lastCredentials.apiKey()).contains("key");

        HttpResponse<String> pinned = get("/v2/models/iris/versions/r1");
        assertThat(json(pinned).get("versions").toString()).isEqualTo("[\"r1\"]");
        assertThat(gateway.lastRelease).contains("r1");
        assertThat(gateway.lastCredentials.bearer()).isEmpty();

        assertError(get("/v2/models/missing"), 404, "no deployment 'missing'");
    }

    @Test
    void servesModelReadiness() throws Exception {
        HttpResponse<String> ready = get("/v2/models/iris/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready)).isEqualTo(MAPPER.readTree("{\"name\":\"iris\",\"ready\":true}"));

        HttpResponse<String> pinned = get("/v2/models/iris/versions/r7/ready");
        assertThat(json(pinned).get("ready").asBoolean()).isTrue();
        assertThat(gateway.lastRelease).contains("r7");

        assertError(get("/v2/models/sleepy/ready"), 503, "model 'sleepy' is not ready");
        assertError(get("/v2/models/missing/versions/r1/ready"), 404, "missing");
    }

    @Test
    void infers() throws Exception {
        HttpResponse<String> response = post("/v2/models/iris/infer", BODY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).contains(TestingGateway.UUID);
        assertThat(json(response))
                .isEqualTo(
                        MAPPER.readTree(
                                "{\"model_name\":\"iris\",\"model_version\":\"r2\",\"id\":\"my-id\","
                                        + "\"parameters\":{\"request_uuid\":\"" + TestingGateway.UUID + "\"},"
                                        + "\"outputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,3],\"data\":[0.1,2.0,3.5]}]}"));
        assertThat(response.body()).contains("[0.1,2.0,3.5]");
        assertThat(gateway.lastCall.inputs()).hasSize(2);
        assertThat(gateway.lastCall.outputs()).containsExactly("x");
        assertThat(gateway.lastRelease).isEmpty();
    }

    @Test
    void infersAPinnedVersionAndEchoesTheClientsRequestId() throws Exception {
        String body = "{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"BOOL\",\"data\":[true,false]}]}";
        HttpResponse<String> response =
                post("/v2/models/iris/versions/r1/infer", body, "x-request-id", "trace-42", "x-api-key", "k1");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).contains("trace-42");
        JsonNode json = json(response);
        assertThat(json.get("model_version").asText()).isEqualTo("r1");
        assertThat(json.get("id").asText()).isEqualTo(TestingGateway.UUID);
        assertThat(json.get("outputs").get(0).get("data").toString()).isEqualTo("[true,false]");
        assertThat(gateway.lastRelease).contains("r1");
        assertThat(gateway.lastCredentials.apiKey()).contains("k1");
    }

    @Test
    void infersWhenTheGatewayAnswersFromAnotherThread() throws Exception {
        HttpResponse<String> response = post("/v2/models/async/infer", BODY);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("model_name").asText()).isEqualTo("async");
    }

    @Test
    void answersBadRequestsWithAnErrorBody() throws Exception {
        assertError(post("/v2/models/iris/infer", "{\"inputs\":[", "x-request-id", "r-1"), 400, "not valid JSON");
        HttpResponse<String> invalid = post(
                "/v2/models/iris/infer",
                "{\"inputs\":[{\"name\":\"pixels\",\"shape\":[3],\"datatype\":\"UINT8\",\"data\":[1,2,300]}]}",
                "x-request-id",
                "r-2");
        assertError(invalid, 400, "input 'pixels': value 300 at index 2 is out of range for UINT8");
        assertThat(invalid.headers().firstValue("x-request-id")).contains("r-2");
        assertError(post("/v2/models/iris/infer", ""), 400, "empty");
    }

    @Test
    void mapsGatewayFailuresToStatuses() throws Exception {
        assertError(post("/v2/models/missing/infer", BODY), 404, "no deployment 'missing'");
        assertError(post("/v2/models/busy/infer", BODY), 503, "loading");
        assertError(post("/v2/models/locked/infer", BODY), 401, "needs a key");
        assertError(post("/v2/models/locked/infer", BODY, "authorization", "Bearer wrong"), 403, "may not");
        assertThat(post("/v2/models/locked/infer", BODY, "authorization", "Bearer good")
                        .statusCode())
                .isEqualTo(200);
        assertThat(post("/v2/models/locked/infer", BODY, "x-api-key", "good").statusCode())
                .isEqualTo(200);
        HttpResponse<String> boom = post("/v2/models/boom/infer", BODY);
        assertError(boom, 500, "internal error");
        assertThat(boom.body()).doesNotContain("something broke");
        assertError(post("/v2/models/throws/infer", BODY), 500, "internal error");
    }

    @Test
    void rejectsBodiesOverTheLimit() throws Exception {
        String large = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}],\"pad\":\""
                + "a".repeat(LIMIT) + "\"}";
        HttpResponse<String> declared = post("/v2/models/iris/infer", large, "x-request-id", "big-1");
        assertError(declared, 413, "larger than the limit of " + LIMIT + " bytes");
        assertThat(declared.headers().firstValue("x-request-id")).contains("big-1");

        // Chunked: no Content-Length, so the limit applies while the body streams in.
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "/v2/models/iris/infer"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(large.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> streamed = client.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertError(streamed, 413, "larger than the limit");

        // A body just under the limit is read.
        String fits = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}],\"pad\":\""
                + "a".repeat(LIMIT - 200) + "\"}";
        assertThat(post("/v2/models/iris/infer", fits).statusCode()).isEqualTo(200);
    }

    @Test
    void answersUnknownPathsWithAnErrorBody() throws Exception {
        assertError(get("/v2/nothing/here"), 404, "no such Open Inference Protocol endpoint: GET /v2/nothing/here");
        assertError(get("/v2/models/iris/infer"), 404, "endpoint");
    }

    @Test
    void decodesModelNamesFromThePath() throws Exception {
        HttpResponse<String> response = get("/v2/models/my%20model");
        assertThat(json(response).get("name").asText()).isEqualTo("my model");
        assertThat(Optional.ofNullable(gateway.lastRelease)).isPresent();
    }
}

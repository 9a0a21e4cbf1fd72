package dev.modelyard.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.TestingServer.Response;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A live deployment with an inference history, built over HTTP: olivia owns the project, alice
 * and bob are editors, vera a viewer; deployment {@code <project>-live} serves the wine model to
 * project members and to its API key {@code ci} ({@link #key}), and records its calls.
 */
final class MonitorScene {
    /** The first row of wine.csv: the 13 features of wine_mlp.onnx. */
    static final String WINE_ROW = "14.23,1.71,2.43,15.6,127,2.8,3.06,0.28,2.29,5.64,1.04,3.92,1065";
    /** A request the model refuses (two features, not thirteen): a failed call. */
    static final String BAD_REQUEST =
            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,2]}]}";

    final TestingServer server;
    final String project;
    final String deployment;
    final String admin;
    final String alice;
    final String bob;
    final String olivia;
    final String vera;
    final String key;

    MonitorScene(TestingServer server, String project) {
        this.server = server;
        this.project = project;
        this.deployment = project + "-live";
        this.admin = server.adminToken();
        this.alice = user(project + "-alice");
        this.bob = user(project + "-bob");
        this.olivia = user(project + "-olivia");
        this.vera = user(project + "-vera");
        expect(server.post("/api/v1/projects", admin, "{\"name\":\"" + project + "\"}"), 201);
        member(project + "-alice", "editor");
        member(project + "-bob", "editor");
        member(project + "-olivia", "owner");
        member(project + "-vera", "viewer");
        expect(server.post(base() + "/models", alice, "{\"name\":\"wine\"}"), 201);
        expect(
                server.upload(
                        base() + "/models/wine/versions",
                        alice,
                        "wine_mlp.onnx",
                        TestingServer.resource("fixtures/wine_mlp.onnx"),
                        null),
                201);
        String objective = base() + "/objectives/wine";
        expect(
                server.post(
                        base() + "/objectives",
                        alice,
                        "{\"name\":\"wine\",\"task_type\":\"multiclass_classification\",\"label_column\":\"label\","
                                + "\"metrics\":[{\"name\":\"accuracy\"}]}"),
                201);
        int submission = expect(
                        server.post(
                                objective + "/submissions",
                                alice,
                                "{\"model\":\"wine\",\"version\":1,\"metadata\":{}}"),
                        201)
                .json()
                .path("number")
                .asInt();
        expect(
                server.post(
                        objective + "/submissions/" + submission + "/reviews",
                        bob,
                        "{\"verdict\":\"approve\",\"body\":\"looks good\"}"),
                201);
        expect(
                server.post(
                        objective + "/releases",
                        alice,
                        "{\"submission\":" + submission + ",\"version\":\"1.0.0\",\"note\":\"n\",\"tags\":[]}"),
                201);
        expect(server.send("PUT", objective + "/tags/Production", olivia, "{\"release\":\"1.0.0\"}"), 200);
        expect(
                server.post(
                        base() + "/deployments",
                        alice,
                        "{\"name\":\"" + deployment + "\",\"objective\":\"wine\",\"track\":{\"tag\":\"Production\"},"
                                + "\"access\":\"project\"}"),
                201);
        waitFor(() -> "ready"
                .equals(server.get(deploymentPath(), alice)
                        .json()
                        .path("status")
                        .asText()));
        this.key = expect(server.post(deploymentPath() + "/keys", alice, "{\"name\":\"ci\"}"), 201)
                .json()
                .path("secret")
                .asText();
        expect(server.post(deploymentPath() + "/history", olivia, "{}"), 201);
    }

    String base() {
        return "/api/v1/projects/" + project;
    }

    String deploymentPath() {
        return base() + "/deployments/" + deployment;
    }

    String monitors() {
        return deploymentPath() + "/monitors";
    }

    /** One call of the deployment with {@code header} (none when null); returns the status. */
    int call(String header, String value, String body) {
        return server.sendWithHeader("POST", "/v2/models/" + deployment + "/infer", header, value, body)
                .status();
    }

    /** A call with the wine row, its first feature replaced by {@code alcohol}. */
    static String wineRequest(double alcohol) {
        String rest = WINE_ROW.substring(WINE_ROW.indexOf(','));
        return "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,13],\"datatype\":\"FP32\",\"data\":[" + alcohol + rest
                + "]}]}";
    }

    /** Waits until the history has recorded {@code calls} calls. */
    void waitForRecorded(long calls) {
        waitFor(() -> server.get(deploymentPath() + "/history/status", vera)
                        .json()
                        .path("current")
                        .path("counters")
                        .path("recorded")
                        .asLong()
                >= calls);
    }

    JsonNode createMonitor(String json) {
        return expect(server.post(monitors(), olivia, json), 201).json();
    }

    private String user(String name) {
        return expect(server.post("/api/v1/users", admin, "{\"name\":\"" + name + "\"}"), 201)
                .json()
                .path("secret")
                .asText();
    }

    private void member(String user, String role) {
        expect(server.send("PUT", base() + "/members/" + user, admin, "{\"role\":\"" + role + "\"}"), 200);
    }

    static Response expect(Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        return response;
    }

    /** Polls until the condition holds; fails after 30 s. */
    static void waitFor(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

package dev.modelyard.server.challenger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.TestingServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A project for challenger tests, built over HTTP: alice and bob are editors, olivia an owner;
 * objective {@code wine} (multiclass, tags Staging and Production, Production protected). Models
 * are uploaded and released as needed, each through an approved submission.
 */
final class ChallengerScene {
    static final ObjectMapper JSON = new ObjectMapper();

    final TestingServer server;
    final String project;
    final String admin;
    final String alice;
    final String bob;
    final String olivia;

    ChallengerScene(TestingServer server, String project) {
        this.server = server;
        this.project = project;
        this.admin = server.adminToken();
        this.alice = user(project + "-alice");
        this.bob = user(project + "-bob");
        this.olivia = user(project + "-olivia");
        expect(server.post("/api/v1/projects", admin, "{\"name\":\"" + project + "\"}"), 201);
        member(project + "-alice", "editor");
        member(project + "-bob", "editor");
        member(project + "-olivia", "owner");
        expect(
                server.post(
                        base() + "/objectives",
                        alice,
                        "{\"name\":\"wine\",\"task_type\":\"multiclass_classification\",\"label_column\":\"label\","
                                + "\"metrics\":[{\"name\":\"accuracy\"}]}"),
                201);
    }

    String base() {
        return "/api/v1/projects/" + project;
    }

    String objective() {
        return base() + "/objectives/wine";
    }

    String deployment(String name) {
        return base() + "/deployments/" + name;
    }

    /** Uploads {@code content} as a new version of model {@code model} (made on first use), submits, approves and releases it. */
    void release(String model, byte[] content, String version) {
        if (server.get(base() + "/models/" + model, alice).status() == 404) {
            expect(server.post(base() + "/models", alice, "{\"name\":\"" + model + "\"}"), 201);
        }
        int modelVersion = expect(
                        server.upload(base() + "/models/" + model + "/versions", alice, model + ".onnx", content, null),
                        201)
                .json()
                .path("number")
                .asInt();
        int submission = expect(
                        server.post(
                                objective() + "/submissions",
                                alice,
                                "{\"model\":\"" + model + "\",\"version\":" + modelVersion + "}"),
                        201)
                .json()
                .path("number")
                .asInt();
        expect(
                server.post(
                        objective() + "/submissions/" + submission + "/reviews",
                        bob,
                        "{\"verdict\":\"approve\",\"body\":\"fine\"}"),
                201);
        expect(
                server.post(
                        objective() + "/releases",
                        alice,
                        "{\"submission\":" + submission + ",\"version\":\"" + version
                                + "\",\"note\":\"n\",\"tags\":[]}"),
                201);
    }

    Response putTag(String tag, String version, String token) {
        return server.send("PUT", objective() + "/tags/" + tag, token, "{\"release\":\"" + version + "\"}");
    }

    /** Creates a public deployment; {@code targetJson} is e.g. {@code "track":{"tag":"Production"}}. */
    JsonNode deploy(String name, String targetJson, String challengerJson) {
        String body = "{\"name\":\"" + name + "\",\"objective\":\"wine\"," + targetJson + ",\"access\":\"public\""
                + (challengerJson == null ? "" : ",\"challenger\":" + challengerJson) + "}";
        return expect(server.post(base() + "/deployments", alice, body), 201).json();
    }

    JsonNode show(String name) {
        return expect(server.get(deployment(name), alice), 200).json();
    }

    /** Turns the deployment's history on (olivia, an owner). */
    void record(String name) {
        expect(server.post(deployment(name) + "/history", olivia, "{}"), 201);
    }

    /** Waits until the deployment serves, and its challenger too when it has one. */
    void awaitReady(String name) {
        waitFor(() -> {
            JsonNode shown = show(name);
            return shown.path("status").asText().equals("ready")
                    && (shown.path("challenger").isMissingNode()
                            || shown.path("challenger").path("status").asText().equals("ready"));
        });
    }

    Response infer(String name, String body) {
        return server.post("/v2/models/" + name + "/infer", null, body);
    }

    /** Every history row of the deployment, oldest first, following the pages. */
    List<JsonNode> history(String name) {
        List<JsonNode> rows = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = expect(
                            server.get(
                                    deployment(name) + "/history?max_results=1000"
                                            + (token == null ? "" : "&page_token=" + token),
                                    alice),
                            200)
                    .json();
            page.path("rows").forEach(rows::add);
            token = page.path("next_page_token").isMissingNode()
                    ? null
                    : page.path("next_page_token").asText();
        } while (token != null);
        return rows;
    }

    /** An OIP request of FP32 rows of 13 values. */
    static String request(float[][] rows) {
        StringBuilder data = new StringBuilder();
        for (float[] row : rows) {
            for (float value : row) {
                data.append(data.length() == 0 ? "" : ",").append(value);
            }
        }
        return "{\"inputs\":[{\"name\":\"input\",\"shape\":[" + rows.length + ","
                + (rows.length == 0 ? 13 : rows[0].length) + "],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}";
    }

    static Response expect(Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        return response;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    /** Polls until the condition holds; fails after 60 s. */
    static void waitFor(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
}

package dev.modelyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.server.TestingServer.Response;

/** Builds the usual governance scene over HTTP: users, a project, a model with a version, an objective. */
final class TestingGovernance {
    final TestingServer server;
    final String project;
    final String admin;
    final String alice;
    final String bob;
    final String olivia;

    /** alice and bob are editors, olivia an owner; model {@code wine} has version 1. */
    TestingGovernance(TestingServer server, String project) {
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
        expect(server.post(base() + "/models", alice, "{\"name\":\"wine\"}"), 201);
        expect(
                server.upload(
                        base() + "/models/wine/versions",
                        alice,
                        "wine_mlp.onnx",
                        TestingServer.resource("fixtures/wine_mlp.onnx"),
                        null),
                201);
    }

    String base() {
        return "/api/v1/projects/" + project;
    }

    String objective(String name) {
        return base() + "/objectives/" + name;
    }

    void createObjective(String name, String extraJson) {
        expect(
                server.post(
                        base() + "/objectives",
                        alice,
                        "{\"name\":\"" + name
                                + "\",\"task_type\":\"multiclass_classification\",\"label_column\":\"label\","
                                + "\"metrics\":[{\"name\":\"accuracy\"}]" + extraJson + "}"),
                201);
    }

    /** alice submits version 1 of wine; returns the submission number. */
    int submit(String objective, String metadataJson) {
        Response response = expect(
                server.post(
                        objective(objective) + "/submissions",
                        alice,
                        "{\"model\":\"wine\",\"version\":1,\"metadata\":" + metadataJson + "}"),
                201);
        return response.json().path("number").asInt();
    }

    void approve(String objective, int submission, String reviewer) {
        expect(
                server.post(
                        objective(objective) + "/submissions/" + submission + "/reviews",
                        reviewer,
                        "{\"verdict\":\"approve\",\"body\":\"looks good\"}"),
                201);
    }

    Response release(String objective, int submission, String version, String tagsJson, String token) {
        return server.post(
                objective(objective) + "/releases",
                token,
                "{\"submission\":" + submission + ",\"version\":\"" + version + "\",\"note\":\"n\",\"tags\":" + tagsJson
                        + "}");
    }

    Response putTag(String objective, String tag, String version, String token) {
        return server.send("PUT", objective(objective) + "/tags/" + tag, token, "{\"release\":\"" + version + "\"}");
    }

    private String user(String name) {
        return expect(server.post("/api/v1/users", server.adminToken(), "{\"name\":\"" + name + "\"}"), 201)
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
}

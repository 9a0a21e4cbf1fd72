package dev.modelyard.server;

import static dev.modelyard.server.TestingGovernance.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Objectives, submissions, reviews, releases and tags over HTTP, on every database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractGovernanceFlowTest {
    private static final String FRAMEWORK_FIELD =
            ",\"metadata_fields\":[{\"name\":\"framework\",\"type\":\"enum\",\"required\":true,"
                    + "\"allowed_values\":[\"onnx\",\"xgboost\"]}]";

    private TestingServer server;

    protected abstract Map<String, String> databaseSettings();

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, databaseSettings());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void submissionsAreReviewedReleasedAndTagged() {
        TestingGovernance scene = new TestingGovernance(server, "story");
        scene.createObjective("quality", FRAMEWORK_FIELD);
        String submissions = scene.objective("quality") + "/submissions";

        Response missing = server.post(submissions, scene.alice, "{\"model\":\"wine\",\"version\":1,\"metadata\":{}}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.errorCode()).isEqualTo("INVALID_METADATA");
        assertThat(missing.errorMessage()).contains("field 'framework' is required");
        Response wrong = server.post(
                submissions, scene.alice, "{\"model\":\"wine\",\"version\":1,\"metadata\":{\"framework\":\"torch\"}}");
        assertThat(wrong.errorMessage()).contains("field 'framework' must be one of [onnx, xgboost]");

        int first = scene.submit("quality", "{\"framework\":\"onnx\"}");
        Response selfApproval =
                server.post(submissions + "/" + first + "/reviews", scene.alice, "{\"verdict\":\"approve\"}");
        assertThat(selfApproval.status()).isEqualTo(403);
        assertThat(selfApproval.errorMessage()).contains("cannot approve it");
        scene.approve("quality", first, scene.bob);
        JsonNode approved = server.get(submissions + "/" + first, scene.alice).json();
        assertThat(approved.path("status").asText()).isEqualTo("approved");
        assertThat(approved.path("approvals").asInt()).isEqualTo(1);
        assertThat(approved.path("reviews")).hasSize(1);

        expect(scene.release("quality", first, "1.0.0", "[\"Staging\"]", scene.alice), 201);
        int second = scene.submit("quality", "{\"framework\":\"xgboost\"}");
        scene.approve("quality", second, scene.bob);
        Response protectedByEditor =
                scene.release("quality", second, "1.1.0", "[\"Staging\",\"Production\"]", scene.alice);
        assertThat(protectedByEditor.status()).isEqualTo(403);
        assertThat(protectedByEditor.errorMessage()).contains("needs the owner role");
        JsonNode release = expect(
                        scene.release("quality", second, "1.1.0", "[\"Staging\",\"Production\"]", scene.olivia), 201)
                .json();
        assertThat(release.path("tags").toString()).isEqualTo("[\"Production\",\"Staging\"]");

        assertThat(scene.putTag("quality", "Production", "1.0.0", scene.alice).status())
                .isEqualTo(403);
        JsonNode moved = expect(scene.putTag("quality", "Production", "1.0.0", scene.olivia), 200)
                .json();
        assertThat(moved.path("release").asText()).isEqualTo("1.0.0");
        assertThat(moved.path("protected").asBoolean()).isTrue();

        JsonNode objective = server.get(scene.objective("quality"), scene.alice).json();
        assertThat(objective.path("current_tags").toString())
                .isEqualTo("{\"Staging\":\"1.1.0\",\"Production\":\"1.0.0\"}");
        List<String> history = new ArrayList<>();
        server.get(scene.objective("quality") + "/tags/Production/history", scene.alice)
                .json()
                .path("events")
                .forEach(event -> history.add(event.path("previous").asText("-") + "→"
                        + event.path("release").asText()));
        assertThat(history).containsExactly("-→1.1.0", "1.1.0→1.0.0");
        assertThat(server.get(scene.objective("quality") + "/tags/Production/release", scene.alice)
                        .json()
                        .path("version")
                        .asText())
                .isEqualTo("1.0.0");

        Response filtered = server.get(submissions + "?metadata.framework=xgboost", scene.alice);
        assertThat(filtered.json().path("submissions")).hasSize(1);
        assertThat(filtered.json().path("submissions").get(0).path("number").asInt())
                .isEqualTo(second);
        List<String> actions = new ArrayList<>();
        server.get(scene.base() + "/audit?resource_type=tag", scene.alice)
                .json()
                .path("events")
                .forEach(event -> actions.add(event.path("actor").asText() + " "
                        + event.path("action").asText()));
        assertThat(actions)
                .containsExactly(
                        "story-olivia tag.move",
                        "story-olivia tag.move",
                        "story-olivia tag.move",
                        "story-alice tag.move");
    }

    @Test
    void concurrentTagMovesLeaveOneHolderAndAnUnbrokenHistory() throws Exception {
        TestingGovernance scene = new TestingGovernance(server, "race");
        scene.createObjective("race", "");
        int releases = 20;
        for (int i = 1; i <= releases; i++) {
            int number = scene.submit("race", "{}");
            scene.approve("race", number, scene.bob);
            expect(scene.release("race", number, "1.0." + i, "[]", scene.alice), 201);
        }
        ExecutorService pool = Executors.newFixedThreadPool(releases);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> moves = new ArrayList<>();
            for (int i = 1; i <= releases; i++) {
                String version = "1.0." + i;
                moves.add(pool.submit(() -> {
                    start.await();
                    return scene.putTag("race", "Staging", version, scene.alice);
                }));
            }
            start.countDown();
            for (Future<Response> move : moves) {
                assertThat(move.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode events = server.get(scene.objective("race") + "/tags/Staging/history", scene.alice)
                .json()
                .path("events");
        assertThat(events).hasSize(releases);
        String previous = null;
        long sequence = 0;
        for (JsonNode event : events) {
            assertThat(event.path("sequence").asLong()).isGreaterThan(sequence);
            sequence = event.path("sequence").asLong();
            assertThat(
                            event.path("previous").isMissingNode()
                                    ? null
                                    : event.path("previous").asText())
                    .isEqualTo(previous);
            previous = event.path("release").asText();
        }
        JsonNode tags = server.get(scene.objective("race") + "/tags", scene.alice)
                .json()
                .path("tags");
        assertThat(tags.get(0).path("release").asText()).isEqualTo(previous);
        int holders = 0;
        for (JsonNode release : server.get(scene.objective("race") + "/releases?max_results=100", scene.alice)
                .json()
                .path("releases")) {
            holders += release.path("tags").size();
        }
        assertThat(holders).isEqualTo(1);
    }

    @Test
    void blockingChecksRefuseAndWarningsAreRecorded() {
        TestingGovernance scene = new TestingGovernance(server, "checks");
        scene.createObjective(
                "strict",
                ",\"release_checks\":[{\"kind\":\"min_approvals\",\"enforcement\":\"block\",\"min_approvals\":2}]");
        int strict = scene.submit("strict", "{}");
        scene.approve("strict", strict, scene.bob);
        Response refused = scene.release("strict", strict, "1.0.0", "[]", scene.alice);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("RELEASE_CHECKS_FAILED");
        assertThat(refused.errorMessage())
                .contains("approved by at least 2 reviewer(s) other than the submitter")
                .contains("approved by 1 reviewer(s) other than the submitter; 2 needed");
        assertThat(refused.json().path("error").path("details").path("failed_checks"))
                .hasSize(1);
        scene.approve("strict", strict, scene.olivia);
        expect(scene.release("strict", strict, "1.0.0", "[]", scene.alice), 201);

        scene.createObjective(
                "lenient",
                ",\"release_checks\":[{\"kind\":\"min_approvals\",\"enforcement\":\"warn\",\"min_approvals\":2},"
                        + "{\"kind\":\"primary_metric_at_least\",\"enforcement\":\"block\",\"threshold\":0.9}]");
        int lenient = scene.submit("lenient", "{}");
        scene.approve("lenient", lenient, scene.bob);
        JsonNode release = expect(scene.release("lenient", lenient, "1.0.0", "[]", scene.alice), 201)
                .json();
        JsonNode results = release.path("check_results");
        assertThat(results.get(0).path("outcome").asText()).isEqualTo("failed");
        assertThat(results.get(0).path("enforcement").asText()).isEqualTo("warn");
        assertThat(results.get(1).path("outcome").asText()).isEqualTo("not_evaluable");
    }

    @Test
    void badGovernanceInputIsRefusedWithTheReason() {
        TestingGovernance scene = new TestingGovernance(server, "bad");
        scene.createObjective("obj", "");
        String objective = scene.objective("obj");
        assertError(server.get(scene.base() + "/objectives/nope", scene.alice), 404, "OBJECTIVE_NOT_FOUND", "'nope'");
        assertError(
                server.get(objective + "/submissions/42", scene.alice),
                404,
                "SUBMISSION_NOT_FOUND",
                "no submission 42");
        assertError(
                server.get(objective + "/releases/9.9.9", scene.alice), 404, "RELEASE_NOT_FOUND", "no release 9.9.9");

        int open = scene.submit("obj", "{}");
        assertError(
                scene.release("obj", open, "1.0.0", "[]", scene.alice),
                409,
                "CONFLICT",
                "submission " + open + " is open; only approved submissions can be released");
        scene.approve("obj", open, scene.bob);
        assertError(
                scene.release("obj", open, "1.0", "[]", scene.alice),
                422,
                "INVALID_RELEASE_VERSION",
                "MAJOR.MINOR.PATCH");
        assertError(scene.release("obj", open, "1.0.0", "[\"Canary\"]", scene.alice), 422, "UNKNOWN_TAG", "'Canary'");
        expect(scene.release("obj", open, "1.0.0", "[]", scene.alice), 201);
        int another = scene.submit("obj", "{}");
        scene.approve("obj", another, scene.bob);
        assertError(
                scene.release("obj", another, "1.0.0", "[]", scene.alice),
                409,
                "ALREADY_EXISTS",
                "1.0.0 already exists");
        assertError(scene.putTag("obj", "Canary", "1.0.0", scene.alice), 422, "UNKNOWN_TAG", "not configured");
        assertError(
                server.post(objective + "/submissions/" + open + "/withdraw", scene.alice, null),
                409,
                "CONFLICT",
                "released as 1.0.0");
        expect(
                server.post(objective + "/submissions/" + another + "/reviews", scene.bob, "{\"verdict\":\"reject\"}"),
                201);
        assertError(
                server.post(
                        objective + "/submissions/" + another + "/reviews", scene.olivia, "{\"verdict\":\"approve\"}"),
                409,
                "CONFLICT",
                "rejected, which is final");
        assertError(
                server.post(
                        objective + "/submissions/" + another + "/reviews",
                        scene.bob,
                        "{\"verdict\":\"comment\",\"in_reply_to\":\"nope\"}"),
                404,
                "REVIEW_NOT_FOUND",
                "'nope'");
        assertError(
                server.post(
                        objective + "/submissions",
                        scene.alice,
                        "{\"model\":\"wine\",\"version\":1,\"metadata\":{\"team\":\"x\"}}"),
                422,
                "INVALID_METADATA",
                "field 'team' is not a metadata field");
        assertError(
                server.send("DELETE", scene.base() + "/models/wine", scene.alice, null),
                409,
                "CONFLICT",
                "submission(s) to objectives");
        assertError(
                server.post(
                        scene.base() + "/objectives",
                        scene.alice,
                        "{\"name\":\"x\",\"task_type\":\"regression\",\"metrics\":[{\"name\":\"rmse\","
                                + "\"direction\":\"maximize\"}]}"),
                400,
                "INVALID_REQUEST",
                "improves when it is minimized");
        assertError(
                server.send("PATCH", objective, scene.alice, "{\"protected_tags\":[]}"),
                403,
                "PERMISSION_DENIED",
                "needs the owner role");
    }

    @Test
    void archivedObjectivesTakeNoSubmissionsUntilUnarchived() {
        TestingGovernance scene = new TestingGovernance(server, "archive");
        scene.createObjective("old", "");
        JsonNode archived = expect(
                        server.send("PATCH", scene.objective("old"), scene.alice, "{\"archived\":true}"), 200)
                .json();
        assertThat(archived.path("archived").asBoolean()).isTrue();
        assertThat(server.get(scene.base() + "/objectives", scene.alice).json().path("objectives"))
                .isEmpty();
        assertThat(server.get(scene.base() + "/objectives?include_archived=true", scene.alice)
                        .json()
                        .path("objectives"))
                .hasSize(1);
        assertError(
                server.post(scene.objective("old") + "/submissions", scene.alice, "{\"model\":\"wine\",\"version\":1}"),
                409,
                "CONFLICT",
                "is archived");
        expect(server.send("PATCH", scene.objective("old"), scene.alice, "{\"archived\":false}"), 200);
        assertThat(scene.submit("old", "{}")).isEqualTo(1);
    }

    private static void assertError(Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.text()).isEqualTo(code);
        assertThat(response.errorMessage()).as(response.text()).contains(messagePart);
    }
}

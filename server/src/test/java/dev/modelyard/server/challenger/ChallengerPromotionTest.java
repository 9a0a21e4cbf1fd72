package dev.modelyard.server.challenger;

import static dev.modelyard.server.challenger.ChallengerScene.absent;
import static dev.modelyard.server.challenger.ChallengerScene.expect;
import static dev.modelyard.server.challenger.ChallengerScene.request;
import static dev.modelyard.server.challenger.ChallengerScene.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.TestingServer.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promoting a challenger moves the deployment's tag to the challenger's release as an ordinary,
 * audited tag move, with the checks of every tag move, then removes the challenger; setting,
 * changing and removing a challenger are revisions, audited, and rolled back like the rest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChallengerPromotionTest {
    private static final String ROW = "14.23,1.71,2.43,15.6,127,2.8,3.06,0.28,2.29,5.64,1.04,3.92,1065";

    private TestingServer server;
    private ChallengerScene scene;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, Map.of());
        scene = new ChallengerScene(server, "promo");
        byte[] wine = TestingServer.resource("fixtures/wine_mlp.onnx");
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0")) {
            scene.release("wine", wine, version);
        }
        expect(scene.putTag("Production", "1.0.0", scene.olivia), 200);
        expect(scene.putTag("Staging", "1.0.0", scene.alice), 200);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void promotionMovesTheTrackedTagToTheChallengersReleaseWithTheChecksOfATagMove() {
        scene.deploy("promo", "\"track\":{\"tag\":\"Production\"}", "{\"release\":\"1.1.0\"}");
        scene.awaitReady("promo");
        String promote = scene.deployment("promo") + "/challenger/promote";
        int revision = scene.show("promo").path("revision").asInt();
        String production = tagHolder("Production");

        // Production is protected: an editor may not move it
        Response denied = server.post(promote, scene.alice, null);
        assertThat(denied.status()).as(denied.text()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("PERMISSION_DENIED");
        assertUnchanged(revision, "1.1.0", production);

        // a deprecated release takes no tag
        expect(
                server.post(
                        scene.objective() + "/releases/1.1.0/deprecate", scene.alice, "{\"reason\":\"leaks labels\"}"),
                200);
        Response deprecated = server.post(promote, scene.olivia, null);
        assertThat(deprecated.status()).as(deprecated.text()).isEqualTo(409);
        assertThat(deprecated.errorMessage()).contains("release 1.1.0 is deprecated");
        assertUnchanged(revision, "1.1.0", production);

        expect(
                server.send(
                        "PATCH", scene.deployment("promo"), scene.alice, "{\"challenger\":{\"release\":\"1.2.0\"}}"),
                200);
        JsonNode promoted =
                expect(server.post(promote, scene.olivia, null), 200).json();

        assertThat(absent(promoted.path("challenger"))).isTrue();
        assertThat(promoted.path("track").path("tag").asText()).isEqualTo("Production");
        assertThat(promoted.path("target_release").asText()).isEqualTo("1.2.0");
        assertThat(promoted.path("revision").asInt()).isEqualTo(revision + 2);
        assertThat(tagHolder("Production")).isEqualTo("1.2.0");
        JsonNode move = lastEvent("tag.move");
        assertThat(move.path("actor").asText()).isEqualTo("promo-olivia");
        assertThat(move.path("resource_name").asText()).isEqualTo("wine:Production");
        assertThat(move.path("before").path("release").asText()).isEqualTo(production);
        assertThat(move.path("after").path("release").asText()).isEqualTo("1.2.0");
        JsonNode newest = expect(server.get(scene.deployment("promo") + "/revisions", scene.alice), 200)
                .json()
                .path("revisions")
                .get(0);
        assertThat(newest.path("change").asText())
                .isEqualTo("challenger promoted: tag Production → 1.2.0; challenger removed");
        assertThat(newest.path("actor").asText()).isEqualTo("promo-olivia");
        assertThat(absent(newest.path("challenger"))).isTrue();
        // the deployment follows its tag onto the promoted release
        waitFor(() -> "1.2.0"
                .equals(scene.infer("promo", body())
                        .json()
                        .path("model_version")
                        .asText()));

        Response again = server.post(promote, scene.olivia, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorMessage()).isEqualTo("deployment 'promo' has no challenger to promote");
    }

    @Test
    void anEditorPromotesOntoAnUnprotectedTag() {
        scene.deploy("staged", "\"track\":{\"tag\":\"Staging\"}", "{\"tag\":\"Production\"}");
        expect(scene.putTag("Production", "1.3.0", scene.olivia), 200);

        JsonNode promoted = expect(
                        server.post(scene.deployment("staged") + "/challenger/promote", scene.alice, null), 200)
                .json();

        assertThat(tagHolder("Staging")).isEqualTo("1.3.0");
        assertThat(promoted.path("target_release").asText()).isEqualTo("1.3.0");
        assertThat(absent(promoted.path("challenger"))).isTrue();
        assertThat(lastEvent("tag.move").path("actor").asText()).isEqualTo("promo-alice");
    }

    @Test
    void aPinnedDeploymentHasNoTagToMove() {
        scene.deploy("pinned", "\"pin\":{\"release\":\"1.0.0\"}", "{\"release\":\"1.4.0\"}");

        Response refused = server.post(scene.deployment("pinned") + "/challenger/promote", scene.olivia, null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorMessage())
                .isEqualTo("deployment 'pinned' pins release 1.0.0; promoting moves the tag a deployment tracks, so"
                        + " pin the challenger's release with an update instead");
        assertThat(scene.show("pinned").path("challenger").path("release").asText())
                .isEqualTo("1.4.0");
    }

    @Test
    void challengerChangesAreAuditedRevisionsThatRollBack() {
        String deployment = scene.deployment("revs");
        scene.deploy("revs", "\"track\":{\"tag\":\"Production\"}", null);

        JsonNode set = expect(
                        server.send(
                                "PATCH",
                                deployment,
                                scene.alice,
                                "{\"challenger\":{\"release\":\"1.4.0\",\"sampling_rate\":0.5,\"timeout_ms\":2000}}"),
                        200)
                .json();
        assertThat(set.path("revision").asInt()).isEqualTo(2);
        assertThat(set.path("challenger").path("release").asText()).isEqualTo("1.4.0");
        assertThat(set.path("challenger").path("sampling_rate").asDouble()).isEqualTo(0.5);
        assertThat(set.path("challenger").path("timeout_ms").asLong()).isEqualTo(2000);
        // absent fields keep their values; the same challenger again is no revision
        JsonNode changed = expect(
                        server.send("PATCH", deployment, scene.alice, "{\"challenger\":{\"sampling_rate\":0.25}}"), 200)
                .json();
        assertThat(changed.path("revision").asInt()).isEqualTo(3);
        assertThat(changed.path("challenger").path("release").asText()).isEqualTo("1.4.0");
        assertThat(changed.path("challenger").path("timeout_ms").asLong()).isEqualTo(2000);
        assertThat(expect(
                                server.send(
                                        "PATCH", deployment, scene.alice, "{\"challenger\":{\"sampling_rate\":0.25}}"),
                                200)
                        .json()
                        .path("revision")
                        .asInt())
                .isEqualTo(3);
        JsonNode removed = expect(server.send("DELETE", deployment + "/challenger", scene.alice, null), 200)
                .json();
        assertThat(removed.path("revision").asInt()).isEqualTo(4);
        assertThat(absent(removed.path("challenger"))).isTrue();

        JsonNode revisions = expect(server.get(deployment + "/revisions", scene.alice), 200)
                .json()
                .path("revisions");
        List<String> changes = new ArrayList<>();
        revisions.forEach(revision -> changes.add(revision.path("change").asText()));
        assertThat(changes)
                .containsExactly(
                        "challenger removed",
                        "challenger → pin 1.4.0 (sampling 0.25, timeout 2000 ms)",
                        "challenger pin 1.4.0 (sampling 0.5, timeout 2000 ms)",
                        "created: track Production");
        assertThat(revisions.get(2).path("challenger").toString())
                .isEqualTo("{\"release\":\"1.4.0\",\"sampling_rate\":0.5,\"timeout_ms\":2000}");
        assertThat(absent(revisions.get(0).path("challenger"))).isTrue();

        JsonNode rolledBack = expect(server.post(deployment + "/revisions/2/rollback", scene.alice, null), 200)
                .json();
        assertThat(rolledBack.path("revision").asInt()).isEqualTo(5);
        assertThat(rolledBack.path("challenger").path("release").asText()).isEqualTo("1.4.0");
        assertThat(rolledBack.path("challenger").path("sampling_rate").asDouble())
                .isEqualTo(0.5);

        List<JsonNode> updates = new ArrayList<>();
        expect(server.get(scene.base() + "/audit?resource_type=deployment", scene.olivia), 200)
                .json()
                .path("events")
                .forEach(event -> {
                    if (event.path("resource_name").asText().equals("revs")
                            && event.path("action").asText().equals("deployment.update")) {
                        updates.add(event);
                    }
                });
        assertThat(updates).hasSize(4);
        assertThat(updates)
                .anySatisfy(event -> assertThat(
                                event.path("after").path("challenger").toString())
                        .isEqualTo("{\"target\":\"pin 1.4.0\",\"sampling_rate\":0.5,\"timeout_ms\":2000}"))
                .anySatisfy(event -> assertThat(absent(event.path("after").path("challenger")))
                        .isTrue());
    }

    private void assertUnchanged(int revision, String challenger, String production) {
        JsonNode shown = scene.show("promo");
        assertThat(shown.path("revision").asInt()).isEqualTo(revision);
        assertThat(shown.path("challenger").path("release").asText()).isEqualTo(challenger);
        assertThat(tagHolder("Production")).isEqualTo(production);
    }

    private String tagHolder(String tag) {
        for (JsonNode state : expect(server.get(scene.objective() + "/tags", scene.bob), 200)
                .json()
                .path("tags")) {
            if (state.path("tag").asText().equals(tag)) {
                return state.path("release").asText();
            }
        }
        throw new AssertionError("no tag " + tag);
    }

    /** The newest tag event of the project's audit log with this action (the log lists newest first). */
    private JsonNode lastEvent(String action) {
        for (JsonNode event : expect(server.get(scene.base() + "/audit?resource_type=tag", scene.olivia), 200)
                .json()
                .path("events")) {
            if (event.path("action").asText().equals(action)) {
                return event;
            }
        }
        throw new AssertionError("no audit event " + action);
    }

    private static String body() {
        String[] values = ROW.split(",");
        float[] row = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            row[i] = Float.parseFloat(values[i]);
        }
        return request(new float[][] {row});
    }
}

package dev.modelyard.server.challenger;

import static dev.modelyard.server.challenger.ChallengerScene.absent;
import static dev.modelyard.server.challenger.ChallengerScene.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.TestingServer.Response;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A challenger naming a release or tag the objective does not have, a sampling rate outside
 * (0, 1], a timeout that is not positive, or not exactly one of release and tag is refused, and
 * nothing changes: no deployment is created, no revision is made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChallengerBadInputTest {
    private TestingServer server;
    private ChallengerScene scene;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, Map.of());
        scene = new ChallengerScene(server, "strict");
        scene.release("wine", TestingServer.resource("fixtures/wine_mlp.onnx"), "1.0.0");
        scene.release("wine", TestingServer.resource("fixtures/wine_mlp.onnx"), "1.1.0");
        expect(scene.putTag("Production", "1.0.0", scene.olivia), 200);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aChallengerTheObjectiveDoesNotHaveIsRefused() {
        assertRefusedOnCreate("{\"release\":\"9.9.9\"}", 404, "RELEASE_NOT_FOUND");
        assertRefusedOnCreate("{\"tag\":\"Canary\"}", 422, "UNKNOWN_TAG");
        assertRefusedOnUpdate("{\"release\":\"9.9.9\"}", 404, "RELEASE_NOT_FOUND");
        assertRefusedOnUpdate("{\"tag\":\"Canary\"}", 422, "UNKNOWN_TAG");
    }

    @Test
    void samplingOutsideZeroToOneAndTimeoutsThatAreNotPositiveAreRefused() {
        for (String sampling : new String[] {"0", "-0.1", "1.5", "1.0000001"}) {
            String challenger = "{\"release\":\"1.1.0\",\"sampling_rate\":" + sampling + "}";
            assertThat(assertRefusedOnCreate(challenger, 400, "INVALID_REQUEST"))
                    .isEqualTo("challenger.sampling_rate must be more than 0 and at most 1, got "
                            + Double.parseDouble(sampling));
            assertRefusedOnUpdate(challenger, 400, "INVALID_REQUEST");
        }
        for (String timeout : new String[] {"0", "-5", "600001"}) {
            String challenger = "{\"release\":\"1.1.0\",\"timeout_ms\":" + timeout + "}";
            assertThat(assertRefusedOnCreate(challenger, 400, "INVALID_REQUEST"))
                    .isEqualTo("challenger.timeout_ms must be between 1 and 600000, got " + timeout);
            assertRefusedOnUpdate(challenger, 400, "INVALID_REQUEST");
        }
    }

    @Test
    void aChallengerNamesExactlyOneOfReleaseAndTag() {
        String both = "{\"release\":\"1.1.0\",\"tag\":\"Production\"}";
        assertThat(assertRefusedOnCreate(both, 400, "INVALID_REQUEST")).startsWith("a challenger names either");
        assertRefusedOnUpdate(both, 400, "INVALID_REQUEST");
        assertRefusedOnCreate("{}", 400, "INVALID_REQUEST");
        assertRefusedOnUpdate("{\"sampling_rate\":0.5}", 400, "INVALID_REQUEST");
        assertRefusedOnCreate("{\"release\":\" \"}", 400, "INVALID_REQUEST");
        assertRefusedOnCreate("{\"release\":\"1.1.0\",\"weight\":2}", 400, "INVALID_REQUEST");
    }

    @Test
    void aBadChangeLeavesAnExistingChallengerAsItWas() {
        String deployment = scene.deployment("kept");
        scene.deploy("kept", "\"track\":{\"tag\":\"Production\"}", "{\"release\":\"1.1.0\",\"sampling_rate\":0.5}");

        for (String challenger : new String[] {
            "{\"sampling_rate\":2}", "{\"timeout_ms\":0}", "{\"release\":\"9.9.9\"}", "{\"tag\":\"Canary\"}"
        }) {
            Response refused = server.send("PATCH", deployment, scene.alice, "{\"challenger\":" + challenger + "}");
            assertThat(refused.status()).as(challenger).isIn(400, 404, 422);
        }

        JsonNode shown = scene.show("kept");
        assertThat(shown.path("revision").asInt()).isEqualTo(1);
        assertThat(shown.path("challenger").path("release").asText()).isEqualTo("1.1.0");
        assertThat(shown.path("challenger").path("sampling_rate").asDouble()).isEqualTo(0.5);
        assertThat(shown.path("challenger").path("timeout_ms").asLong()).isEqualTo(10_000);
    }

    /** Creating a deployment with this challenger fails as given, and no deployment exists after; returns the message. */
    private String assertRefusedOnCreate(String challenger, int status, String code) {
        Response refused = server.post(
                scene.base() + "/deployments",
                scene.alice,
                "{\"name\":\"refused\",\"objective\":\"wine\",\"track\":{\"tag\":\"Production\"},\"challenger\":"
                        + challenger + "}");
        assertThat(refused.status()).as(challenger + ": " + refused.text()).isEqualTo(status);
        assertThat(refused.errorCode()).isEqualTo(code);
        assertThat(server.get(scene.deployment("refused"), scene.alice).status())
                .isEqualTo(404);
        return refused.errorMessage();
    }

    /** Setting this challenger on a deployment without one fails as given, and makes no revision. */
    private void assertRefusedOnUpdate(String challenger, int status, String code) {
        if (server.get(scene.deployment("plain"), scene.alice).status() == 404) {
            scene.deploy("plain", "\"track\":{\"tag\":\"Production\"}", null);
        }
        Response refused =
                server.send("PATCH", scene.deployment("plain"), scene.alice, "{\"challenger\":" + challenger + "}");
        assertThat(refused.status()).as(challenger + ": " + refused.text()).isEqualTo(status);
        assertThat(refused.errorCode()).isEqualTo(code);
        JsonNode shown = scene.show("plain");
        assertThat(shown.path("revision").asInt()).isEqualTo(1);
        assertThat(absent(shown.path("challenger"))).isTrue();
    }
}

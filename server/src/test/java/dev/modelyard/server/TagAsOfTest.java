package dev.modelyard.server;

import static dev.modelyard.server.TestingGovernance.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.server.TestingServer.Response;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Which release carried tag T at instant X", for instants before, between and after each move. */
class TagAsOfTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void asOfQueriesFollowTheTagHistory(@TempDir Path dataDir) {
        TestingClock clock = new TestingClock(START);
        try (TestingServer server = new TestingServer(dataDir, Map.of(), clock)) {
            TestingGovernance scene = new TestingGovernance(server, "asof");
            scene.createObjective("obj", "");
            for (String version : new String[] {"1.0.0", "1.1.0"}) {
                int number = scene.submit("obj", "{}");
                scene.approve("obj", number, scene.bob);
                expect(scene.release("obj", number, version, "[]", scene.alice), 201);
            }
            clock.set(Instant.parse("2026-02-01T00:00:00Z"));
            expect(scene.putTag("obj", "Staging", "1.0.0", scene.alice), 200);
            clock.set(Instant.parse("2026-03-01T00:00:00Z"));
            expect(scene.putTag("obj", "Staging", "1.1.0", scene.alice), 200);
            clock.set(Instant.parse("2026-04-01T00:00:00Z"));
            expect(server.send("DELETE", scene.objective("obj") + "/tags/Staging", scene.alice, null), 204);
            clock.set(Instant.parse("2026-05-01T00:00:00Z"));
            expect(scene.putTag("obj", "Staging", "1.0.0", scene.alice), 200);

            assertThat(asOf(server, scene, "2026-01-15T00:00:00Z").status()).isEqualTo(404);
            assertThat(version(asOf(server, scene, "2026-02-01T00:00:00Z"))).isEqualTo("1.0.0");
            assertThat(version(asOf(server, scene, "2026-02-15T00:00:00Z"))).isEqualTo("1.0.0");
            assertThat(version(asOf(server, scene, "2026-03-01T00:00:00Z"))).isEqualTo("1.1.0");
            assertThat(version(asOf(server, scene, "2026-03-31T23:59:59Z"))).isEqualTo("1.1.0");
            Response removed = asOf(server, scene, "2026-04-15T00:00:00Z");
            assertThat(removed.status()).isEqualTo(404);
            assertThat(removed.errorMessage()).contains("carried tag 'Staging' at 2026-04-15T00:00:00Z");
            assertThat(version(asOf(server, scene, "2027-01-01T00:00:00Z"))).isEqualTo("1.0.0");
            assertThat(asOf(server, scene, "yesterday").status()).isEqualTo(400);
        }
    }

    private static Response asOf(TestingServer server, TestingGovernance scene, String instant) {
        return server.get(scene.objective("obj") + "/tags/Staging/release?as_of=" + instant, scene.alice);
    }

    private static String version(Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json().path("version").asText();
    }
}

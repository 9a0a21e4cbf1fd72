package dev.modelyard.server;

import static dev.modelyard.server.TestingGovernance.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers share one database and blob folder: a tag moved through the first is followed by the
 * deployment on the second within its poll interval.
 */
class SharedDatabaseFollowTest {
    @Test
    void anotherServerFollowsTagMovesWithinThePollInterval(@TempDir Path dataDir) throws Exception {
        Map<String, String> settings = Map.of("deployments.poll-interval-ms", "300");
        try (TestingServer first = new TestingServer(dataDir, settings);
                TestingServer second = new TestingServer(dataDir, settings)) {
            TestingGovernance scene = new TestingGovernance(first, "shared");
            scene.createObjective("wine", "");
            for (String version : new String[] {"1.0.0", "1.1.0"}) {
                int number = scene.submit("wine", "{}");
                scene.approve("wine", number, scene.bob);
                expect(scene.release("wine", number, version, "[]", scene.alice), 201);
            }
            expect(scene.putTag("wine", "Staging", "1.0.0", scene.alice), 200);
            expect(
                    first.post(
                            scene.base() + "/deployments",
                            scene.alice,
                            "{\"name\":\"shared\",\"objective\":\"wine\",\"track\":{\"tag\":\"Staging\"},"
                                    + "\"access\":\"public\"}"),
                    201);
            assertThat(versionServedBy(second, "1.0.0")).isTrue();
            expect(scene.putTag("wine", "Staging", "1.1.0", scene.alice), 200);
            assertThat(versionServedBy(second, "1.1.0")).isTrue();
        }
    }

    private static boolean versionServedBy(TestingServer server, String version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            TestingServer.Response response =
                    server.post("/v2/models/shared/infer", null, TestingInference.wineRequest());
            if (response.status() == 200
                    && version.equals(response.json().path("model_version").asText())) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}

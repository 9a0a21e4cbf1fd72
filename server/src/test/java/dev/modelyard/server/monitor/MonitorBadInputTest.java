package dev.modelyard.server.monitor;

import static dev.modelyard.server.monitor.MonitorScene.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.TestingServer.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Bad monitor settings are refused with a message that says what to fix, and nothing is stored. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorBadInputTest {
    private static final String HOOK = "{\"url\":\"https://hooks.example.com/x\",\"secret\":\"0123456789abcdef\"}";

    private TestingServer server;
    private MonitorScene scene;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, Map.of());
        scene = new MonitorScene(server, "badmon");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void badSettingsAreRefusedAndNothingIsStored() {
        refused(monitor("\"schedule\":\"61 * * * *\""), "schedule: the minute field '61' has 61; values are 0-59");
        refused(monitor("\"schedule\":\"* * * *\""), "has 4");
        refused(monitor("\"schedule\":\"0 0 31 2 *\""), "never fires");
        refused(
                monitor("\"kind\":\"throughput\""),
                "unknown monitor kind 'throughput'; known kinds: error_rate, latency_p50, latency_p99, calls, drift");
        refused(
                monitor("\"thresholds\":{\"warning\":0.5,\"alert\":0.1}"),
                "with direction 'above' the warning threshold (0.5) must be below the alert threshold (0.1)");
        refused(
                monitor("\"thresholds\":{\"direction\":\"below\",\"warning\":0.1,\"alert\":0.5}"),
                "must be above the alert threshold");
        refused(monitor("\"thresholds\":{\"direction\":\"sideways\"}"), "is not 'above' or 'below'");
        refused(
                monitor("\"webhooks\":[{\"url\":\"ftp://hooks.example.com/x\",\"secret\":\"0123456789abcdef\"}]"),
                "webhooks[0].url 'ftp://hooks.example.com/x' must be an http:// or https:// URL");
        refused(monitor("\"webhooks\":[{\"url\":\"not a url\",\"secret\":\"0123456789abcdef\"}]"), "is not a URL");
        refused(
                monitor("\"webhooks\":[{\"url\":\"https://u:p@hooks.example.com/\",\"secret\":\"0123456789abcdef\"}]"),
                "must not hold credentials");
        refused(
                monitor("\"webhooks\":[{\"url\":\"https://hooks.example.com/x\",\"secret\":\"short\"}]"),
                "webhooks[0].secret must be 16 to 256 characters long, not 5");
        refused(monitor("\"webhooks\":[{\"url\":\"https://hooks.example.com/x\"}]"), "webhooks[0].secret is required");
        refused(monitor("\"webhooks\":[" + HOOK + "," + HOOK + "]"), "is listed twice");
        refused(monitor("\"window\":\"soon\""), "window 'soon' is not a duration");
        refused(monitor("\"window\":\"0m\""), "must be a positive whole number of seconds");
        refused(monitor("\"step\":\"60d\""), "step '60d' is longer than 31d");
        refused(monitor("\"parameters\":{\"feature\":\"age\"}"), "monitor kind 'error_rate' takes no parameters");
        refused(monitor("\"kind\":\"drift\""), "a drift monitor needs one baseline");
        refused(
                monitor(
                        "\"kind\":\"drift\",\"parameters\":{\"baseline_dataset\":\"t\",\"baseline_from\":\"2026-01-01T00:00:00Z\"}"),
                "a drift monitor needs one baseline");
        refused(
                monitor("\"kind\":\"drift\",\"parameters\":{\"baseline_dataset\":\"t\",\"colour\":\"red\"}"),
                "unknown drift parameter 'colour'");
        refused(
                monitor("\"kind\":\"drift\",\"parameters\":{\"baseline_from\":\"yesterday\","
                        + "\"baseline_to\":\"2026-01-01T00:00:00Z\"}"),
                "baseline_from 'yesterday' is not an ISO-8601 instant");
        refused(
                monitor("\"kind\":\"drift\",\"parameters\":{\"baseline_dataset\":\"t\",\"statistic\":\"psi\"}"),
                "parameter 'statistic' needs 'feature'");
        refused(
                monitor("\"kind\":\"drift\",\"parameters\":{\"baseline_dataset\":\"t\",\"feature\":\"age\","
                        + "\"statistic\":\"median\"}"),
                "unknown statistic 'median'");
        refused("{\"name\":\"m\",\"kind\":\"error_rate\",\"window\":\"1h\"}", "field 'schedule' is required");
        refused(
                "{\"name\":\"m\",\"kind\":\"error_rate\",\"schedule\":\"* * * * *\",\"window\":\"1h\",\"colour\":1}",
                "unknown field 'colour'");
        Response badName = server.post(
                scene.monitors(),
                scene.olivia,
                "{\"name\":\"Bad Name\",\"kind\":\"error_rate\",\"schedule\":\"* * * * *\",\"window\":\"1h\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.errorMessage()).contains("monitor name 'Bad Name' is not valid");

        Response missing = server.post(
                scene.monitors(),
                scene.olivia,
                monitor("\"kind\":\"drift\",\"parameters\":{\"baseline_dataset\":\"nope\"}"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorMessage()).contains("baseline dataset 'nope' does not exist in project 'badmon'");

        assertThat(server.get(scene.monitors() + "/m", scene.vera).status()).isEqualTo(404);
        assertThat(server.get(scene.monitors(), scene.vera)
                        .json()
                        .path("monitors")
                        .findValuesAsText("name"))
                .doesNotContain("m", "Bad Name");
        for (JsonNode event :
                server.get(scene.base() + "/audit", scene.olivia).json().path("events")) {
            if (event.path("action").asText().equals("monitor.create")) {
                assertThat(event.path("resource_name").asText()).isNotIn("m", "Bad Name");
            }
        }
    }

    @Test
    void aBadChangeLeavesTheMonitorAsItWas() {
        scene.createMonitor("{\"name\":\"kept\",\"kind\":\"error_rate\",\"schedule\":\"*/5 * * * *\","
                + "\"window\":\"1h\",\"thresholds\":{\"warning\":0.05,\"alert\":0.1},\"webhooks\":[" + HOOK + "]}");
        String path = scene.monitors() + "/kept";
        JsonNode before = server.get(path, scene.vera).json();
        Response bad = server.send("PATCH", path, scene.olivia, "{\"thresholds\":{\"warning\":0.2,\"alert\":0.1}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorMessage()).contains("must be below the alert threshold");
        Response newUrlWithoutSecret = server.send(
                "PATCH", path, scene.olivia, "{\"webhooks\":[{\"url\":\"https://elsewhere.example.com/\"}]}");
        assertThat(newUrlWithoutSecret.status()).isEqualTo(400);
        assertThat(newUrlWithoutSecret.errorMessage()).contains("webhooks[0].secret is required");
        assertThat(server.send("PATCH", path, scene.bob, "{\"enabled\":false}").status())
                .isEqualTo(403);
        assertThat(server.get(path, scene.vera).json()).isEqualTo(before);
        Response duplicate = server.post(
                scene.monitors(),
                scene.olivia,
                "{\"name\":\"kept\",\"kind\":\"calls\",\"schedule\":\"* * * * *\",\"window\":\"1h\"}");
        assertThat(duplicate.status()).isEqualTo(409);
    }

    @Test
    void aDriftMonitorPinsTheBaselineDatasetsLatestVersion() {
        expect(server.post(scene.base() + "/datasets", scene.alice, "{\"name\":\"training\"}"), 201);
        expect(
                server.upload(
                        scene.base() + "/datasets/training/versions",
                        scene.alice,
                        "training.csv",
                        "f0,f1\n1.0,2.0\n1.5,2.5\n".getBytes(StandardCharsets.UTF_8),
                        null),
                201);
        JsonNode created = scene.createMonitor("{\"name\":\"inputs\",\"kind\":\"drift\",\"schedule\":\"0 * * * *\","
                + "\"window\":\"1d\",\"step\":\"1h\",\"parameters\":{\"baseline_dataset\":\"training\"},"
                + "\"thresholds\":{\"warning\":0.3,\"alert\":0.5}}");
        assertThat(created.path("parameters").path("baseline_version").asText()).isEqualTo("1");
        assertThat(created.path("step").asText()).isEqualTo("1h");
        assertThat(created.path("window").asText()).isEqualTo("1d");
        Response noVersion = server.post(
                scene.monitors(),
                scene.olivia,
                monitor("\"name\":\"x\",\"kind\":\"drift\",\"parameters\":{\"baseline_dataset\":\"training\","
                        + "\"baseline_version\":\"7\"}"));
        assertThat(noVersion.status()).isEqualTo(404);
        assertThat(noVersion.errorMessage()).contains("has no version 7");
    }

    /** A valid error_rate monitor named "m", with {@code override} JSON members taking precedence. */
    private static String monitor(String override) {
        StringBuilder json = new StringBuilder("{");
        Map<String, String> defaults = new java.util.LinkedHashMap<>();
        defaults.put("name", "\"m\"");
        defaults.put("kind", "\"error_rate\"");
        defaults.put("schedule", "\"*/5 * * * *\"");
        defaults.put("window", "\"1h\"");
        for (Map.Entry<String, String> entry : defaults.entrySet()) {
            if (!override.contains("\"" + entry.getKey() + "\":")) {
                json.append('"')
                        .append(entry.getKey())
                        .append("\":")
                        .append(entry.getValue())
                        .append(',');
            }
        }
        return json.append(override).append('}').toString();
    }

    private void refused(String body, String message) {
        Response response = server.post(scene.monitors(), scene.olivia, body);
        assertThat(response.status()).as(body + " → " + response.text()).isEqualTo(400);
        assertThat(response.errorMessage()).as(body).contains(message);
    }
}

package dev.modelyard.server.monitor;

import static dev.modelyard.server.monitor.MonitorScene.expect;
import static dev.modelyard.server.monitor.MonitorScene.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.core.monitoring.monitor.WebhookSignature;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.monitor.TestingWebhookReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitors run by their schedule, on a server whose clock the test moves: each firing computes the
 * windows that became due (catching up missed ones), stores them as a time series, notifies only for
 * the newest, and moves the schedule on. Disabled monitors do not run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledMonitorTest {
    private static final Instant START = Instant.parse("2031-06-02T10:00:30Z");
    private static final String SECRET = "scheduled-secret-0123";

    private TestingMonitorClock clock;
    private TestingServer server;
    private MonitorScene scene;
    private TestingWebhookReceiver receiver;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        clock = new TestingMonitorClock(START);
        server = new TestingServer(
                dataDir, Map.of("history.flush-interval-ms", "50", "monitors.poll-interval-ms", "50"), clock);
        scene = new MonitorScene(server, "sched");
        receiver = new TestingWebhookReceiver();
        // at 10:00:30, two answered calls and two failed ones
        for (int i = 0; i < 2; i++) {
            assertThat(scene.call("x-api-key", scene.key, MonitorScene.wineRequest(14.23)))
                    .isEqualTo(200);
            assertThat(scene.call("x-api-key", scene.key, MonitorScene.BAD_REQUEST))
                    .isEqualTo(400);
        }
        scene.waitForRecorded(4);
    }

    @AfterAll
    void stop() {
        server.close();
        receiver.close();
    }

    @Test
    void theScheduleComputesDueWindowsAndAlertsForTheNewest() {
        String webhook = receiver.url("/hooks/scheduled");
        JsonNode created = scene.createMonitor("{\"name\":\"errors\",\"kind\":\"error_rate\","
                + "\"schedule\":\"*/5 * * * *\",\"window\":\"10m\",\"step\":\"5m\","
                + "\"thresholds\":{\"alert\":0.1},"
                + "\"webhooks\":[{\"url\":\"" + webhook + "\",\"secret\":\"" + SECRET + "\"}]}");
        assertThat(created.path("next_run_at").asText()).isEqualTo("2031-06-02T10:05:00Z");
        scene.createMonitor("{\"name\":\"paused\",\"kind\":\"calls\",\"schedule\":\"*/5 * * * *\","
                + "\"window\":\"5m\",\"enabled\":false}");
        String path = scene.monitors() + "/errors";

        // 10:05:30: the window 09:55-10:05 holds the four calls
        clock.advance(Duration.ofMinutes(5));
        waitFor(() -> results(path).size() == 1);
        JsonNode first = results(path).get(0);
        assertThat(first.path("trigger").asText()).isEqualTo("scheduled");
        assertThat(first.path("window_start").asText()).isEqualTo("2031-06-02T09:55:00Z");
        assertThat(first.path("window_end").asText()).isEqualTo("2031-06-02T10:05:00Z");
        assertThat(first.path("status").asText()).isEqualTo("alert");
        assertThat(first.path("value").asDouble()).isEqualTo(0.5);
        assertThat(server.get(path, scene.vera).json().path("next_run_at").asText())
                .isEqualTo("2031-06-02T10:10:00Z");
        waitFor(() -> requests().size() == 1);
        Received request = requests().get(0);
        assertThat(request.header("X-Modelyard-Timestamp"))
                .isEqualTo(Long.toString(START.plus(Duration.ofMinutes(5)).getEpochSecond()));
        assertThat(WebhookSignature.verify(
                        SECRET,
                        request.header("X-Modelyard-Timestamp"),
                        request.body(),
                        request.header("X-Modelyard-Signature")))
                .isTrue();

        // 10:10:30: the window 10:00-10:10 still holds them
        clock.advance(Duration.ofMinutes(5));
        waitFor(() -> results(path).size() == 2);
        assertThat(results(path).get(1).path("status").asText()).isEqualTo("alert");
        waitFor(() -> requests().size() == 2);

        // 10:20:30 after a quiet spell: both missed windows are computed, neither has calls
        clock.advance(Duration.ofMinutes(10));
        waitFor(() -> results(path).size() == 4);
        List<JsonNode> all = List.copyOf(toList(results(path)));
        assertThat(all.stream().map(result -> result.path("window_end").asText()))
                .containsExactly(
                        "2031-06-02T10:05:00Z", "2031-06-02T10:10:00Z", "2031-06-02T10:15:00Z", "2031-06-02T10:20:00Z");
        assertThat(all.stream().map(result -> result.path("status").asText()))
                .containsExactly("alert", "alert", "no_data", "no_data");
        assertThat(all.get(3).has("value")).isFalse();
        assertThat(server.get(path + "/deliveries", scene.vera).json().path("deliveries"))
                .hasSize(2);
        assertThat(server.get(path + "/results?from=2031-06-02T10:10:00Z&to=2031-06-02T10:20:00Z", scene.vera)
                        .json()
                        .path("results")
                        .findValuesAsText("window_end"))
                .containsExactly("2031-06-02T10:10:00Z", "2031-06-02T10:15:00Z");

        // the disabled monitor never ran; enabled, it waits for its next firing from now
        String paused = scene.monitors() + "/paused";
        assertThat(results(paused)).isEmpty();
        JsonNode enabled = expect(server.send("PATCH", paused, scene.olivia, "{\"enabled\":true}"), 200)
                .json();
        assertThat(enabled.path("enabled").asBoolean()).isTrue();
        assertThat(enabled.path("next_run_at").asText()).isEqualTo("2031-06-02T10:25:00Z");
    }

    private JsonNode results(String monitorPath) {
        return expect(server.get(monitorPath + "/results", scene.vera), 200)
                .json()
                .path("results");
    }

    private List<Received> requests() {
        return receiver.received().stream()
                .filter(request -> request.path().equals("/hooks/scheduled"))
                .toList();
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }
}

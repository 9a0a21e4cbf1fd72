package dev.modelyard.server.monitor;

import static dev.modelyard.server.monitor.MonitorScene.expect;
import static dev.modelyard.server.monitor.MonitorScene.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.monitor.TestingWebhookReceiver.Received;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance scenario: a monitor with an alert threshold over a deployment whose calls often
 * fail fires a signed webhook to a test receiver; the receiver refuses twice, the delivery is
 * retried with backoff, and every attempt is in the delivery log. Runs through the real server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorAlertTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec-test-0123456789";
    private static final long BACKOFF_MS = 300;
    /** Fires once a year: in this test monitors run when asked to. */
    private static final String RARELY = "0 3 1 1 *";

    private TestingServer server;
    private MonitorScene scene;
    private TestingWebhookReceiver receiver;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(
                dataDir,
                Map.of(
                        "history.flush-interval-ms", "50",
                        "monitors.poll-interval-ms", "100",
                        "webhooks.backoff-ms", Long.toString(BACKOFF_MS),
                        "webhooks.max-backoff-ms", "5000",
                        "webhooks.max-attempts", "4",
                        "webhooks.timeout-ms", "5000"));
        scene = new MonitorScene(server, "alerts");
        // 5 answered calls (3 by bob, 2 with the API key) and 3 failed ones (the key): an error rate of 3/8
        for (int i = 0; i < 3; i++) {
            assertThat(scene.call("Authorization", "Bearer " + scene.bob, MonitorScene.wineRequest(14.23)))
                    .isEqualTo(200);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(scene.call("x-api-key", scene.key, MonitorScene.wineRequest(13.0)))
                    .isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(scene.call("x-api-key", scene.key, MonitorScene.BAD_REQUEST))
                    .isEqualTo(400);
        }
        scene.waitForRecorded(8);
        receiver = new TestingWebhookReceiver();
        receiver.script("/hooks/alerts", 500, 500, 200);
    }

    @AfterAll
    void stop() {
        server.close();
        receiver.close();
    }

    @Test
    void anAlertIsSignedRetriedWithBackoffAndLogged() throws Exception {
        String body = "{\"name\":\"error-rate\",\"kind\":\"error_rate\",\"schedule\":\"" + RARELY + "\","
                + "\"window\":\"1h\",\"thresholds\":{\"warning\":0.05,\"alert\":0.1},"
                + "\"webhooks\":[{\"url\":\"" + receiver.url("/hooks/alerts") + "\",\"secret\":\"" + SECRET + "\"}]}";
        assertThat(server.post(scene.monitors(), scene.alice, body).status())
                .as("editors do not manage monitors")
                .isEqualTo(403);
        TestingServer.Response created = expect(server.post(scene.monitors(), scene.olivia, body), 201);
        assertThat(created.text()).doesNotContain(SECRET);
        JsonNode monitor = created.json();
        assertThat(monitor.path("kind").asText()).isEqualTo("error_rate");
        assertThat(monitor.path("window").asText()).isEqualTo("1h");
        assertThat(monitor.path("step").asText()).isEqualTo("1h");
        assertThat(monitor.path("thresholds").path("direction").asText()).isEqualTo("above");
        assertThat(monitor.path("webhooks").get(0).path("url").asText()).isEqualTo(receiver.url("/hooks/alerts"));
        String path = scene.monitors() + "/error-rate";

        assertThat(server.post(path + "/run", scene.alice, null).status()).isEqualTo(403);
        JsonNode result =
                expect(server.post(path + "/run", scene.olivia, null), 200).json();
        assertThat(result.path("status").asText()).isEqualTo("alert");
        assertThat(result.path("value").asDouble()).isEqualTo(0.375);
        assertThat(result.path("trigger").asText()).isEqualTo("manual");
        assertThat(result.path("details").path("calls").asLong()).isEqualTo(8);
        assertThat(result.path("details").path("errors").asLong()).isEqualTo(3);

        // the alert is stored in the time series, readable by viewers
        JsonNode results =
                expect(server.get(path + "/results", scene.vera), 200).json().path("results");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).path("id").asText())
                .isEqualTo(result.path("id").asText());
        assertThat(results.get(0).path("status").asText()).isEqualTo("alert");

        // delivered on the third attempt
        waitFor(() -> "succeeded".equals(deliveries(path).path(0).path("state").asText()));
        JsonNode delivery = deliveries(path).get(0);
        assertThat(delivery.path("event").asText()).isEqualTo("monitor.alert");
        assertThat(delivery.path("result_id").asText())
                .isEqualTo(result.path("id").asText());
        assertThat(delivery.path("url").asText()).isEqualTo(receiver.url("/hooks/alerts"));
        assertThat(delivery.has("next_attempt_at")).isFalse();
        assertThat(delivery.has("finished_at")).isTrue();
        JsonNode attempts = delivery.path("attempts");
        assertThat(attempts).hasSize(3);
        assertThat(attempts.findValuesAsText("number")).containsExactly("1", "2", "3");
        assertThat(attempts.findValuesAsText("status_code")).containsExactly("500", "500", "200");
        assertThat(attempts.get(0).path("error").asText()).isEqualTo("the receiver answered 500");
        assertThat(attempts.get(1).path("error").asText()).isEqualTo("the receiver answered 500");
        assertThat(attempts.get(2).has("error")).isFalse();
        // the backoff: each retry starts at least 300 ms, then 600 ms, after the failed attempt ended
        assertThat(started(attempts.get(1)))
                .isAfterOrEqualTo(ended(attempts.get(0)).plusMillis(BACKOFF_MS));
        assertThat(started(attempts.get(2)))
                .isAfterOrEqualTo(ended(attempts.get(1)).plusMillis(2 * BACKOFF_MS));

        // the receiver saw the same signed body three times
        List<Received> requests = receiver.received().stream()
                .filter(request -> request.path().equals("/hooks/alerts"))
                .toList();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(Received::answered).containsExactly(500, 500, 200);
        for (Received request : requests) {
            assertThat(request.header("X-Modelyard-Event")).isEqualTo("monitor.alert");
            assertThat(request.header("X-Modelyard-Delivery"))
                    .isEqualTo(delivery.path("id").asText());
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            String timestamp = request.header("X-Modelyard-Timestamp");
            assertThat(Long.parseLong(timestamp))
                    .isBetween(
                            Instant.now().minusSeconds(120).getEpochSecond(),
                            Instant.now().getEpochSecond());
            assertThat(request.header("X-Modelyard-Signature")).isEqualTo(signature(SECRET, timestamp, request.body()));
            assertThat(request.header("X-Modelyard-Signature"))
                    .isNotEqualTo(signature("another-secret-0000", timestamp, request.body()));
            assertThat(request.body()).isEqualTo(requests.get(0).body());
        }
        JsonNode payload = JSON.readTree(requests.get(0).body());
        assertThat(payload.path("event").asText()).isEqualTo("monitor.alert");
        assertThat(payload.path("delivery_id").asText())
                .isEqualTo(delivery.path("id").asText());
        assertThat(payload.path("project").asText()).isEqualTo("alerts");
        assertThat(payload.path("deployment").asText()).isEqualTo(scene.deployment);
        assertThat(payload.path("monitor").path("name").asText()).isEqualTo("error-rate");
        assertThat(payload.path("monitor").path("thresholds").path("alert").asDouble())
                .isEqualTo(0.1);
        assertThat(payload.path("result").path("status").asText()).isEqualTo("alert");
        assertThat(payload.path("result").path("value").asDouble()).isEqualTo(0.375);
        assertThat(payload.path("result").path("window_end").asText())
                .isEqualTo(result.path("window_end").asText());

        // changes are audited, never with the secret
        TestingServer.Response audit = server.get(scene.base() + "/audit", scene.olivia);
        assertThat(audit.json().findValuesAsText("action")).contains("monitor.create");
        assertThat(audit.text()).doesNotContain(SECRET);
    }

    @Test
    void warningsReachOnlyWebhooksThatAskForThemAndSecretsSurviveAChange() {
        // fewer than 100 calls in the window is a warning, fewer than 2 an alert
        String url = receiver.url("/hooks/warnings");
        scene.createMonitor("{\"name\":\"traffic\",\"kind\":\"calls\",\"schedule\":\"" + RARELY + "\","
                + "\"window\":\"1h\",\"thresholds\":{\"direction\":\"below\",\"warning\":100,\"alert\":2},"
                + "\"webhooks\":[{\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\"}]}");
        String path = scene.monitors() + "/traffic";
        JsonNode quiet =
                expect(server.post(path + "/run", scene.olivia, null), 200).json();
        assertThat(quiet.path("status").asText()).isEqualTo("warning");
        assertThat(quiet.path("value").asDouble()).isEqualTo(8.0);
        assertThat(deliveries(path)).isEmpty();

        // the same URL without a secret keeps the secret it had
        JsonNode changed = expect(
                        server.send(
                                "PATCH",
                                path,
                                scene.olivia,
                                "{\"webhooks\":[{\"url\":\"" + url + "\",\"include_warnings\":true}]}"),
                        200)
                .json();
        assertThat(changed.path("webhooks").get(0).path("include_warnings").asBoolean())
                .isTrue();
        assertThat(changed.path("thresholds").path("warning").asDouble()).isEqualTo(100.0);
        expect(server.post(path + "/run", scene.olivia, null), 200);
        waitFor(() -> "succeeded".equals(deliveries(path).path(0).path("state").asText()));
        assertThat(deliveries(path).get(0).path("event").asText()).isEqualTo("monitor.warning");
        Received request = receiver.received().stream()
                .filter(received -> received.path().equals("/hooks/warnings"))
                .findFirst()
                .orElseThrow();
        assertThat(request.header("X-Modelyard-Event")).isEqualTo("monitor.warning");
        assertThat(request.header("X-Modelyard-Signature"))
                .isEqualTo(signature(SECRET, request.header("X-Modelyard-Timestamp"), request.body()));

        // deleting a monitor takes its results and deliveries with it
        assertThat(server.send("DELETE", path, scene.bob, null).status()).isEqualTo(403);
        expect(server.send("DELETE", path, scene.olivia, null), 204);
        assertThat(server.get(path, scene.vera).status()).isEqualTo(404);
        assertThat(server.get(path + "/results", scene.vera).status()).isEqualTo(404);
    }

    @Test
    void usageCountsCallsErrorsLatencyAndCallers() {
        JsonNode usage = expect(server.get(scene.deploymentPath() + "/usage?bucket=1h", scene.vera), 200)
                .json();
        assertThat(usage.path("bucket").asText()).isEqualTo("1h");
        assertThat(usage.path("buckets")).hasSize(24);
        JsonNode total = usage.path("total");
        assertThat(total.path("calls").asLong()).isEqualTo(8);
        assertThat(total.path("errors").asLong()).isEqualTo(3);
        assertThat(total.path("latency_p50_ms").asDouble()).isPositive();
        assertThat(total.path("latency_p99_ms").asDouble())
                .isGreaterThanOrEqualTo(total.path("latency_p50_ms").asDouble());
        long perBucket = 0;
        for (JsonNode bucket : usage.path("buckets")) {
            perBucket += bucket.path("calls").asLong();
        }
        assertThat(perBucket).isEqualTo(8);
        JsonNode callers = total.path("callers");
        assertThat(callers).hasSize(2);
        assertThat(callers.get(0).path("kind").asText()).isEqualTo("api_key");
        assertThat(callers.get(0).path("name").asText()).isEqualTo("ci");
        assertThat(callers.get(0).path("calls").asLong()).isEqualTo(5);
        assertThat(callers.get(0).path("errors").asLong()).isEqualTo(3);
        assertThat(callers.get(1).path("kind").asText()).isEqualTo("user");
        assertThat(callers.get(1).path("name").asText()).isEqualTo("alerts-bob");
        assertThat(callers.get(1).path("calls").asLong()).isEqualTo(3);

        assertThat(server.get(scene.deploymentPath() + "/usage?bucket=1m&from=2020-01-01T00:00:00Z", scene.vera)
                        .errorMessage())
                .contains("at most 1000");
        assertThat(server.get(scene.deploymentPath() + "/usage?bucket=soon", scene.vera)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aDriftMonitorReadsTheRecordedInputs() {
        // the baseline is a span of the history holding the very calls of the window: nothing drifted
        scene.createMonitor("{\"name\":\"inputs\",\"kind\":\"drift\",\"schedule\":\"" + RARELY + "\","
                + "\"window\":\"1h\",\"thresholds\":{\"alert\":0.5},\"parameters\":{"
                + "\"baseline_from\":\"2000-01-01T00:00:00Z\",\"baseline_to\":\"2100-01-01T00:00:00Z\"}}");
        JsonNode result = expect(server.post(scene.monitors() + "/inputs/run", scene.olivia, null), 200)
                .json();
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(result.path("value").asDouble()).isEqualTo(0.0);
        JsonNode details = result.path("details");
        // the five answered calls, one [1, 13] tensor each; failed calls are not compared
        assertThat(details.path("current_rows").asLong()).isEqualTo(5);
        assertThat(details.path("baseline_rows").asLong()).isEqualTo(5);
        assertThat(details.path("compared_features").asInt()).isEqualTo(13);
        assertThat(details.path("drifted_features").asInt()).isZero();
    }

    private JsonNode deliveries(String monitorPath) {
        return expect(server.get(monitorPath + "/deliveries", scene.vera), 200)
                .json()
                .path("deliveries");
    }

    private static Instant started(JsonNode attempt) {
        return Instant.parse(attempt.path("started_at").asText());
    }

    private static Instant ended(JsonNode attempt) {
        return started(attempt)
                .plus(Duration.ofMillis(attempt.path("duration_ms").asLong()));
    }

    /** The signature recomputed here, independently of the server's code. */
    private static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

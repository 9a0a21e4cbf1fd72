package dev.modelyard.cli;

import static dev.modelyard.cli.TestingHttp.await;
import static dev.modelyard.cli.TestingHttp.expect;
import static dev.modelyard.cli.TestingHttp.get;
import static dev.modelyard.cli.TestingHttp.send;
import static dev.modelyard.cli.TestingHttp.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable inference history loses nothing a caller got an answer for: the server is killed
 * (SIGKILL) under load, restarted, and every acknowledged call is in the history exactly once.
 */
class DurableHistoryCrashIT {
    private static final String WINE_REQUEST =
            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,13],"
                    + "\"data\":[14.23,1.71,2.43,15.6,127,2.8,3.06,0.28,2.29,5.64,1.04,3.92,1065]}]}";
    private static final Map<String, String> SETTINGS = Map.of("MODELYARD_HISTORY_FLUSH_INTERVAL_MS", "300");

    @TempDir
    Path dataDir;

    @TempDir
    Path scratch;

    @Test
    void everyAcknowledgedCallIsRecordedExactlyOnceAfterAKill() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        String token;
        try (ServerProcess first = ServerProcess.start(dataDir, SETTINGS)) {
            token = EmbeddedServer.readAdminToken(dataDir);
            URI base = first.baseUri();
            deploy(base, token);
            expect(
                    send(
                            base,
                            token,
                            "POST",
                            "/api/v1/projects/durable/deployments/live/history",
                            "{\"durable\":true}"),
                    201);

            AtomicBoolean running = new AtomicBoolean(true);
            CountDownLatch enough = new CountDownLatch(300);
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread caller = new Thread(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<byte[]> answer =
                                    send(base, null, "POST", "/v2/models/live/infer", WINE_REQUEST);
                            if (answer.statusCode() == 200) {
                                acknowledged.add(answer.headers()
                                        .firstValue("x-request-id")
                                        .orElseThrow());
                                enough.countDown();
                            }
                        } catch (Exception e) {
                            return; // the server is gone
                        }
                    }
                });
                caller.start();
                callers.add(caller);
            }
            enough.await();
            first.kill();
            running.set(false);
            for (Thread caller : callers) {
                caller.join();
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

        try (ServerProcess second = ServerProcess.start(dataDir, SETTINGS)) {
            URI base = second.baseUri();
            String history = "/api/v1/projects/durable/deployments/live/history";
            await(
                    base,
                    token,
                    history + "/status",
                    status -> status.path("current")
                                    .path("counters")
                                    .path("waiting")
                                    .asLong(-1)
                            == 0);
            Map<String, Integer> seen = new HashMap<>();
            String page = "";
            do {
                JsonNode rows = get(base, token, history + "?max_results=1000" + page);
                rows.path("rows")
                        .forEach(row -> seen.merge(row.path("request_uuid").asText(), 1, Integer::sum));
                JsonNode next = rows.path("next_page_token");
                page = next.isMissingNode() || next.isNull() ? null : "&page_token=" + next.asText();
            } while (page != null);
            assertThat(seen.keySet()).containsAll(acknowledged);
            assertThat(seen.values()).allMatch(count -> count == 1);
        }
    }

    /** A project with the wine model released and deployed publicly as {@code live}. */
    private void deploy(URI base, String token) throws Exception {
        expect(send(base, token, "POST", "/api/v1/projects", "{\"name\":\"durable\"}"), 201);
        String reviewer = expect(send(base, token, "POST", "/api/v1/users", "{\"name\":\"reviewer\"}"), 201)
                .path("secret")
                .asText();
        expect(send(base, token, "PUT", "/api/v1/projects/durable/members/reviewer", "{\"role\":\"editor\"}"), 200);
        expect(send(base, token, "POST", "/api/v1/projects/durable/models", "{\"name\":\"wine\"}"), 201);
        Path model = EmbeddedServer.fixture("wine_mlp.onnx", scratch);
        expect(
                upload(
                        base,
                        token,
                        "/api/v1/projects/durable/models/wine/versions",
                        "wine_mlp.onnx",
                        Files.readAllBytes(model)),
                201);
        expect(
                send(
                        base,
                        token,
                        "POST",
                        "/api/v1/projects/durable/objectives",
                        "{\"name\":\"cultivar\",\"task_type\":\"multiclass_classification\",\"label_column\":\"label\","
                                + "\"metrics\":[{\"name\":\"accuracy\"}]}"),
                201);
        String objective = "/api/v1/projects/durable/objectives/cultivar";
        expect(send(base, token, "POST", objective + "/submissions", "{\"model\":\"wine\",\"version\":1}"), 201);
        expect(send(base, reviewer, "POST", objective + "/submissions/1/reviews", "{\"verdict\":\"approve\"}"), 201);
        expect(send(base, token, "POST", objective + "/releases", "{\"submission\":1,\"version\":\"1.0.0\"}"), 201);
        expect(
                send(
                        base,
                        token,
                        "POST",
                        "/api/v1/projects/durable/deployments",
                        "{\"name\":\"live\",\"objective\":\"cultivar\",\"pin\":{\"release\":\"1.0.0\"},\"access\":\"public\"}"),
                201);
        await(base, token, "/api/v1/projects/durable/deployments/live", node -> node.path("status")
                .asText()
                .equals("ready"));
    }
}

package dev.modelyard.server;

import static dev.modelyard.server.TestingGovernance.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-downtime swaps: clients drive inference as fast as they can for 20 s while the tracked tag
 * moves 10 times between two releases with different model bytes. No request may fail, and every
 * answer comes from one of the two releases. The rate reached is printed, not asserted (timings
 * depend on the machine); docs/benchmarks.md records it from a quiet run.
 */
class SwapUnderLoadIT {
    private static final Duration LOAD = Duration.ofSeconds(20);
    private static final int CLIENTS = 24;

    @Test
    void tagMovesUnderLoadFailNoRequest(@TempDir Path dataDir) throws Exception {
        try (TestingServer server = new TestingServer(dataDir, Map.of())) {
            TestingGovernance scene = new TestingGovernance(server, "swap");
            expect(
                    server.upload(
                            scene.base() + "/models/wine/versions",
                            scene.alice,
                            "wine_mlp_variant.onnx",
                            withUnknownField(TestingServer.resource("fixtures/wine_mlp.onnx")),
                            null),
                    201);
            scene.createObjective("wine", "");
            for (int version = 1; version <= 2; version++) {
                int number = expect(
                                server.post(
                                        scene.objective("wine") + "/submissions",
                                        scene.alice,
                                        "{\"model\":\"wine\",\"version\":" + version + "}"),
                                201)
                        .json()
                        .path("number")
                        .asInt();
                scene.approve("wine", number, scene.bob);
                expect(scene.release("wine", number, "1." + (version - 1) + ".0", "[]", scene.alice), 201);
            }
            expect(scene.putTag("wine", "Staging", "1.0.0", scene.alice), 200);
            expect(
                    server.post(
                            scene.base() + "/deployments",
                            scene.alice,
                            "{\"name\":\"swap\",\"objective\":\"wine\",\"track\":{\"tag\":\"Staging\"},"
                                    + "\"access\":\"public\",\"resources\":{\"queue_capacity\":1024}}"),
                    201);
            long ready = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!"ready"
                    .equals(server.get(scene.base() + "/deployments/swap", scene.alice)
                            .json()
                            .path("status")
                            .asText())) {
                assertThat(System.nanoTime()).isLessThan(ready);
                Thread.sleep(20);
            }

            Buffer body = Buffer.buffer("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,13],"
                    + "\"datatype\":\"FP32\",\"data\":[" + TestingInference.WINE_ROW + "]}]}");
            ObjectMapper json = new ObjectMapper();
            AtomicLong succeeded = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            Set<String> versions = ConcurrentHashMap.newKeySet();
            Map<String, String> failures = new ConcurrentHashMap<>();
            long end = System.nanoTime() + LOAD.toNanos();
            Vertx driver = Vertx.vertx();
            HttpClient http = driver.createHttpClient(
                    new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CLIENTS));
            CountDownLatch done = new CountDownLatch(CLIENTS);
            long started = System.nanoTime();
            for (int i = 0; i < CLIENTS; i++) {
                new Runnable() {
                    @Override
                    public void run() {
                        if (System.nanoTime() >= end) {
                            done.countDown();
                            return;
                        }
                        http.request(HttpMethod.POST, server.server().port(), "127.0.0.1", "/v2/models/swap/infer")
                                .compose(call -> call.putHeader("content-type", "application/json")
                                        .send(body)
                                        .compose(response -> response.body()
                                                .map(answer -> Map.entry(response.statusCode(), answer))))
                                .onComplete(result -> {
                                    if (result.failed()) {
                                        failed.incrementAndGet();
                                        failures.putIfAbsent(
                                                result.cause().getClass().getSimpleName(),
                                                String.valueOf(result.cause().getMessage()));
                                    } else if (result.result().getKey() == 200) {
                                        try {
                                            versions.add(json.readTree(result.result()
                                                            .getValue()
                                                            .getBytes())
                                                    .path("model_version")
                                                    .asText());
                                        } catch (java.io.IOException e) {
                                            failures.putIfAbsent("unparsable answer", e.getMessage());
                                        }
                                        succeeded.incrementAndGet();
                                    } else {
                                        failed.incrementAndGet();
                                        failures.putIfAbsent(
                                                result.result().getKey().toString(),
                                                result.result().getValue().toString());
                                    }
                                    run();
                                });
                    }
                }.run();
            }
            for (int move = 1; move <= 10; move++) {
                Thread.sleep(LOAD.toMillis() / 11);
                expect(scene.putTag("wine", "Staging", move % 2 == 1 ? "1.1.0" : "1.0.0", scene.alice), 200);
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            driver.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = succeeded.get() / seconds;
            System.out.printf(
                    "swap under load: %d requests in %.1f s (%.0f req/s), %d failed, versions %s%n",
                    succeeded.get(), seconds, rate, failed.get(), versions);
            assertThat(failures).as("failed requests").isEmpty();
            assertThat(failed.get()).isZero();
            assertThat(versions).containsExactlyInAnyOrder("1.0.0", "1.1.0");
            JsonNode deployment =
                    server.get(scene.base() + "/deployments/swap", scene.alice).json();
            assertThat(deployment.path("release").asText()).isEqualTo("1.0.0");
        }
    }

    /** The same model with an unknown protobuf field appended: other bytes, same predictions. */
    private static byte[] withUnknownField(byte[] model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(model);
        bytes.writeBytes(new byte[] {(byte) 0xC0, 0x3E, 0x01});
        return bytes.toByteArray();
    }
}

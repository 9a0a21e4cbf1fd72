package dev.modelyard.engine;

import static dev.modelyard.engine.EngineTesting.await;
import static dev.modelyard.engine.EngineTesting.config;
import static dev.modelyard.engine.EngineTesting.eventually;
import static dev.modelyard.engine.EngineTesting.failure;
import static dev.modelyard.engine.EngineTesting.infer;
import static dev.modelyard.engine.EngineTesting.output;
import static dev.modelyard.engine.EngineTesting.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InferenceEngineCapacityTest {
    private static final DeploymentSettings ONE_WORKER_TWO_SLOTS =
            DeploymentSettings.defaults().withWorkers(1).withQueueCapacity(2).withExecutionMode(ExecutionMode.POOLED);

    @Test
    void callsBeyondCapacityFailAtOnceWithoutWaitingForTheBlockedModel() throws Exception {
        TestingModelSource source = new TestingModelSource().constant("sha-a", 1);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), ONE_WORKER_TWO_SLOTS));
            TestingModel model = source.model("sha-a");
            CountDownLatch latch = new CountDownLatch(1);
            model.blockOn(latch);
            model.forgetStarted();

            CompletableFuture<InferenceResult> running = infer(engine, "churn", 1, 1);
            model.awaitStarted();
            CompletableFuture<InferenceResult> queued = infer(engine, "churn", 2, 2);
            List<CompletableFuture<InferenceResult>> refused = new ArrayList<>();
            List<Long> refusalNanos = new ArrayList<>();
            for (int call = 0; call < 5; call++) {
                long begin = System.nanoTime();
                CompletableFuture<InferenceResult> future = infer(engine, "churn", 3, 3);
                refusalNanos.add(System.nanoTime() - begin);
                assertThat(future).isCompletedExceptionally();
                refused.add(future);
            }

            assertThat(latch.getCount()).as("the model is still blocked").isEqualTo(1);
            for (CompletableFuture<InferenceResult> future : refused) {
                assertThat(failure(future))
                        .isInstanceOf(EngineOverloadedException.class)
                        .hasMessageContaining("capacity of 2");
                assertThat(((EngineOverloadedException) failure(future)).retryAfter())
                        .isPositive();
            }
            System.out.printf(
                    "refusals took %s µs%n",
                    refusalNanos.stream().map(nanos -> nanos / 1000).toList());
            assertThat(running).isNotDone();
            assertThat(queued).isNotDone();
            assertThat(engine.metrics().snapshot().deployments().get(0).queueDepth())
                    .isEqualTo(1);

            latch.countDown();

            assertThat(output(await(running))).containsExactly(2, 2);
            assertThat(output(await(queued))).containsExactly(3, 3);
            assertThat(output(await(infer(engine, "churn", 5, 5)))).containsExactly(6, 6);
            EngineMetrics.ReleaseSnapshot metrics =
                    engine.metrics().snapshot().deployments().get(0).releases().get(0);
            assertThat(metrics.rejected()).isEqualTo(5);
            assertThat(metrics.requests()).isEqualTo(3);
            assertThat(metrics.inFlight()).isZero();
        }
    }

    @Test
    void inlineCallsCountAgainstCapacityToo() throws Exception {
        TestingModelSource source = new TestingModelSource();
        DeploymentSettings inlineOneSlot = DeploymentSettings.defaults()
                .withExecutionMode(ExecutionMode.INLINE)
                .withQueueCapacity(1);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), inlineOneSlot));
            TestingModel model = source.model("sha-a");
            CountDownLatch latch = new CountDownLatch(1);
            model.blockOn(latch);
            model.forgetStarted();
            CompletableFuture<CompletableFuture<InferenceResult>> blocked =
                    CompletableFuture.supplyAsync(() -> infer(engine, "churn", 1, 1));
            model.awaitStarted();

            CompletableFuture<InferenceResult> refused = infer(engine, "churn", 2, 2);

            assertThat(refused).isCompletedExceptionally();
            assertThat(failure(refused)).isInstanceOf(EngineOverloadedException.class);
            latch.countDown();
            assertThat(await(await(blocked)).release()).isEqualTo("A");
        }
    }

    @Test
    void aQueuedCallTimesOutAndNeverRunsARunningOneTimesOutAndFinishes() throws Exception {
        TestingModelSource source = new TestingModelSource();
        DeploymentSettings settings =
                ONE_WORKER_TWO_SLOTS.withQueueCapacity(4).withRequestTimeout(Duration.ofMillis(150));
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), settings));
            TestingModel model = source.model("sha-a");
            int warmups = model.predictions();
            CountDownLatch latch = new CountDownLatch(1);
            model.blockOn(latch);
            model.forgetStarted();

            CompletableFuture<InferenceResult> running = infer(engine, "churn", 1, 1);
            model.awaitStarted();
            CompletableFuture<InferenceResult> queued = infer(engine, "churn", 2, 2);

            assertThat(failure(queued))
                    .isInstanceOf(InferenceTimeoutException.class)
                    .hasMessageContaining("cancelled");
            assertThat(failure(running)).isInstanceOf(InferenceTimeoutException.class);
            assertThat(engine.metrics().snapshot().deployments().get(0).queueDepth())
                    .isZero();

            latch.countDown();
            eventually(() -> engine.metrics().snapshot().deployments().get(0).inFlight() == 0);
            assertThat(model.predictions()).as("the queued call never ran").isEqualTo(warmups + 1);
            assertThat(output(await(infer(engine, "churn", 4, 4)))).containsExactly(4, 4);
            EngineMetrics.ReleaseSnapshot metrics =
                    engine.metrics().snapshot().deployments().get(0).releases().get(0);
            assertThat(metrics.timeouts()).isEqualTo(2);
            assertThat(metrics.errors()).isZero();
        }
    }

    @Test
    void theCallerIsNeverBlockedWhileTheWorkersAreBusy() throws Exception {
        TestingModelSource source = new TestingModelSource();
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), ONE_WORKER_TWO_SLOTS.withQueueCapacity(50)));
            TestingModel model = source.model("sha-a");
            CountDownLatch latch = new CountDownLatch(1);
            model.blockOn(latch);

            long begin = System.nanoTime();
            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
            for (int call = 0; call < 50; call++) {
                futures.add(infer(engine, "churn", call, call));
            }
            long elapsed = System.nanoTime() - begin;

            assertThat(TimeUnit.NANOSECONDS.toSeconds(elapsed)).isLessThan(5);
            assertThat(futures).noneMatch(CompletableFuture::isDone);
            latch.countDown();
            for (int call = 0; call < 50; call++) {
                assertThat(output(await(futures.get(call)))).containsExactly(call, call);
            }
        }
    }
}

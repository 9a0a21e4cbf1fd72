package dev.modelyard.engine;

import static dev.modelyard.engine.EngineTesting.await;
import static dev.modelyard.engine.EngineTesting.config;
import static dev.modelyard.engine.EngineTesting.eventually;
import static dev.modelyard.engine.EngineTesting.failure;
import static dev.modelyard.engine.EngineTesting.infer;
import static dev.modelyard.engine.EngineTesting.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.core.runtime.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {
    @Test
    void countsRequestsErrorsRejectionsTimeoutsAndSwaps() throws Exception {
        TestingModelSource source = new TestingModelSource().failLoads("sha-bad", "corrupt");
        DeploymentSettings settings = DeploymentSettings.defaults()
                .withWorkers(1)
                .withQueueCapacity(1)
                .withRequestTimeout(Duration.ofMillis(100))
                .withExecutionMode(ExecutionMode.POOLED);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), settings));
            for (int call = 0; call < 5; call++) {
                await(infer(engine, "churn", 1, 2));
            }
            for (int call = 0; call < 2; call++) {
                failure(engine.infer(
                        "churn",
                        Optional.empty(),
                        List.of(Tensor.ofFloats("z", new long[] {1}, new float[] {1})),
                        Set.of()));
            }
            TestingModel model = source.model("sha-a");
            CountDownLatch latch = new CountDownLatch(1);
            model.blockOn(latch);
            model.forgetStarted();
            CompletableFuture<InferenceResult> timesOut = infer(engine, "churn", 1, 2);
            model.awaitStarted();
            assertThat(failure(infer(engine, "churn", 1, 2))).isInstanceOf(EngineOverloadedException.class);
            assertThat(failure(timesOut)).isInstanceOf(InferenceTimeoutException.class);
            latch.countDown();
            eventually(() -> engine.metrics().snapshot().deployments().get(0).inFlight() == 0);
            failure(engine.serve("churn", target("B", "sha-bad"), settings));
            await(engine.serve("churn", target("C", "sha-c"), settings));

            EngineMetrics.Snapshot snapshot = engine.metrics().snapshot();

            assertThat(snapshot.loadedModels()).isEqualTo(2);
            assertThat(snapshot.modelLoads()).isEqualTo(2);
            assertThat(snapshot.modelLoadFailures()).isEqualTo(1);
            EngineMetrics.DeploymentSnapshot deployment = snapshot.deployments().get(0);
            assertThat(deployment.deployment()).isEqualTo("churn");
            assertThat(deployment.status()).isEqualTo(DeploymentStatus.READY);
            assertThat(deployment.swaps()).isEqualTo(2);
            assertThat(deployment.failedSwaps()).isEqualTo(1);
            assertThat(deployment.inFlight()).isZero();
            assertThat(deployment.queueDepth()).isZero();
            assertThat(deployment.loadedReleases()).containsExactlyInAnyOrder("A", "C");
            EngineMetrics.ReleaseSnapshot release = deployment.releases().get(0);
            assertThat(release.release()).isEqualTo("A");
            assertThat(release.requests()).isEqualTo(8);
            assertThat(release.errors()).isEqualTo(2);
            assertThat(release.rejected()).isEqualTo(1);
            assertThat(release.timeouts()).isEqualTo(1);
            assertThat(release.inFlight()).isZero();
            assertThat(release.latency().count()).isEqualTo(8);
            assertThat(release.latency().sumNanos()).isPositive();
            assertThat(release.latency().bucketCounts()).hasSize(LatencyHistogram.UPPER_BOUNDS_NANOS.size() + 1);
            assertThat(release.latency().cumulativeCounts()).endsWith(8L).isSorted();
            assertThat(deployment.releases().get(1).release()).isEqualTo("C");
            assertThat(deployment.releases().get(1).requests()).isZero();
        }
    }

    @Test
    void histogramBucketsMatchPrometheusBounds() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(10_000); // 10 µs
        histogram.record(50_000); // 50 µs: inclusive upper bound
        histogram.record(2_000_000); // 2 ms
        histogram.record(60_000_000_000L); // 60 s

        LatencyHistogram.Snapshot snapshot = histogram.snapshot();

        assertThat(snapshot.count()).isEqualTo(4);
        assertThat(snapshot.bucketCounts().get(0)).isEqualTo(2);
        assertThat(snapshot.bucketCounts().get(5)).isEqualTo(1); // le 2.5 ms
        assertThat(snapshot.bucketCounts().get(snapshot.bucketCounts().size() - 1))
                .isEqualTo(1);
        assertThat(LatencyHistogram.Snapshot.upperBoundsSeconds())
                .startsWith(0.00005)
                .endsWith(10.0);
    }
}

package dev.modelyard.engine;

import static dev.modelyard.engine.EngineTesting.await;
import static dev.modelyard.engine.EngineTesting.config;
import static dev.modelyard.engine.EngineTesting.eventually;
import static dev.modelyard.engine.EngineTesting.failure;
import static dev.modelyard.engine.EngineTesting.infer;
import static dev.modelyard.engine.EngineTesting.output;
import static dev.modelyard.engine.EngineTesting.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.runtime.InvalidInputException;
import dev.modelyard.core.runtime.ModelExecutionException;
import dev.modelyard.core.runtime.ModelLoadException;
import dev.modelyard.core.runtime.Tensor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class InferenceEngineLifecycleTest {
    @Test
    void stopLetsInFlightCallsFinishThenReleasesTheModel() throws Exception {
        TestingModelSource source = new TestingModelSource().constant("sha-a", 1);
        DeploymentSettings pooled = DeploymentSettings.defaults().withExecutionMode(ExecutionMode.POOLED);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), pooled));
            TestingModel model = source.model("sha-a");
            CountDownLatch latch = new CountDownLatch(1);
            model.blockOn(latch);
            model.forgetStarted();
            CompletableFuture<InferenceResult> inFlight = infer(engine, "churn", 1, 2);
            model.awaitStarted();

            CompletableFuture<Void> stopped = engine.stop("churn");

            assertThat(stopped).isNotDone();
            assertThat(failure(infer(engine, "churn", 1, 2))).isInstanceOf(DeploymentNotFoundException.class);
            assertThat(engine.state("churn").status()).isEqualTo(DeploymentStatus.STOPPED);
            assertThat(engine.state("churn").currentRelease()).isEmpty();
            assertThat(model.isClosed()).isFalse();

            latch.countDown();

            assertThat(output(await(inFlight))).containsExactly(2, 3);
            await(stopped);
            eventually(model::isClosed);
            assertThat(model.violations()).isEmpty();

            await(engine.serve("churn", target("A", "sha-a"), pooled));
            assertThat(engine.state("churn").status()).isEqualTo(DeploymentStatus.READY);
            assertThat(await(infer(engine, "churn", 1, 2)).release()).isEqualTo("A");
        }
    }

    @Test
    void stopSupersedesALoadInProgress() throws Exception {
        CountDownLatch load = new CountDownLatch(1);
        TestingModelSource source = new TestingModelSource().blockLoads("sha-a", load);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            CompletableFuture<SwapResult> swap = engine.serve("churn", target("A", "sha-a"));
            await(engine.stop("churn"));
            load.countDown();

            assertThat(failure(swap)).isInstanceOf(SwapSupersededException.class);
            eventually(source.model("sha-a")::isClosed);
            assertThat(engine.state("churn").status()).isEqualTo(DeploymentStatus.STOPPED);
        }
    }

    @Test
    void closeStopsEveryDeploymentAndClosesEveryModel() {
        TestingModelSource source = new TestingModelSource();
        InferenceEngine engine = new InferenceEngine(config(), source);
        await(engine.serve("churn", target("A", "sha-a")));
        await(engine.serve("churn", target("B", "sha-b")));
        await(engine.serve("fraud", target("A", "sha-c")));

        engine.close();

        assertThat(source.allModels()).hasSize(3).allSatisfy(model -> {
            assertThat(model.closes()).isEqualTo(1);
            assertThat(model.violations()).isEmpty();
        });
        assertThat(failure(infer(engine, "churn", 1, 2))).isInstanceOf(DeploymentNotFoundException.class);
        assertThat(failure(engine.serve("churn", target("A", "sha-a")))).isInstanceOf(IllegalStateException.class);
        engine.close();
    }

    @Test
    void unknownDeploymentsAndNotYetLoadedOnesFailInTheFuture() {
        CountDownLatch load = new CountDownLatch(1);
        TestingModelSource source = new TestingModelSource().blockLoads("sha-a", load);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            assertThat(failure(infer(engine, "nope", 1, 2)))
                    .isInstanceOf(DeploymentNotFoundException.class)
                    .hasMessageContaining("'nope'");
            assertThatThrownBy(() -> engine.state("nope")).isInstanceOf(DeploymentNotFoundException.class);
            assertThat(failure(engine.stop("nope"))).isInstanceOf(DeploymentNotFoundException.class);

            CompletableFuture<SwapResult> swap = engine.serve("churn", target("A", "sha-a"));
            assertThat(failure(infer(engine, "churn", 1, 2)))
                    .isInstanceOf(DeploymentNotReadyException.class)
                    .hasMessageContaining("still loading");
            assertThat(engine.state("churn").status()).isEqualTo(DeploymentStatus.DEPLOYING);
            load.countDown();
            await(swap);
            assertThat(engine.states()).containsOnlyKeys("churn");
        }
    }

    @Test
    void runtimeExceptionsReachTheCallerUnchanged() {
        ModelExecutionException boom = new ModelExecutionException("kernel failed");
        TestingModelSource source = new TestingModelSource();
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a")));
            Tensor wrong = Tensor.ofFloats("wrong", new long[] {1, 2}, new float[] {1, 2});

            assertThat(failure(engine.infer("churn", Optional.empty(), List.of(wrong), Set.of())))
                    .isExactlyInstanceOf(InvalidInputException.class)
                    .hasMessage("expected one input named x");

            source.model("sha-a").failWith(boom);
            assertThat(failure(infer(engine, "churn", 1, 2))).isSameAs(boom);
        }
    }

    @Test
    void warmUpRunsOnePredictionOnZerosBeforeTheSwap() {
        TestingModelSource source = new TestingModelSource().constant("sha-a", 1);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            SwapResult swap = await(engine.serve("churn", target("A", "sha-a")));

            TestingModel model = source.model("sha-a");
            assertThat(model.predictions()).isEqualTo(1);
            assertThat(model.batchRows()).containsExactly(1L);
            assertThat(model.threads().get(0)).startsWith("modelyard-loader-");
            assertThat(swap.loadTime()).isPositive();

            await(engine.serve(
                    "fraud", target("A", "sha-b"), DeploymentSettings.defaults().withWarmup(false)));
            assertThat(source.model("sha-b").predictions()).isZero();
        }
    }

    @Test
    void aModelFailingItsWarmUpIsNotSwappedIn() {
        TestingModelSource source = new TestingModelSource()
                .setUp("sha-broken", model -> model.failWith(new ModelExecutionException("missing kernel")));
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a")));

            assertThat(failure(engine.serve("churn", target("B", "sha-broken"))))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("missing kernel");

            assertThat(source.model("sha-broken").closes()).isEqualTo(1);
            assertThat(engine.state("churn").currentRelease()).contains("A");
            assertThat(engine.state("churn").failureReason().orElseThrow()).contains("warm-up");
        }
    }

    @Test
    void stateCarriesSettingsAndTheClocksTime() {
        Instant now = Instant.parse("2025-01-02T03:04:05Z");
        DeploymentSettings settings = DeploymentSettings.defaults().withWorkers(3);
        try (InferenceEngine engine =
                new InferenceEngine(config(), new TestingModelSource(), Clock.fixed(now, ZoneOffset.UTC))) {
            await(engine.serve("churn", target("A", "sha-a"), settings));

            DeploymentState state = engine.state("churn");

            assertThat(state.updatedAt()).isEqualTo(now);
            assertThat(state.settings()).isEqualTo(settings);
            assertThat(state.releases()).singleElement().satisfies(release -> {
                assertThat(release.digest()).isEqualTo("sha-a");
                assertThat(release.modelVersionId()).isEqualTo("model-version-sha-a");
                assertThat(release.loadState()).isEqualTo(LoadState.LOADED);
            });
        }
    }
}

package dev.modelyard.engine;

import static dev.modelyard.engine.EngineTesting.await;
import static dev.modelyard.engine.EngineTesting.config;
import static dev.modelyard.engine.EngineTesting.eventually;
import static dev.modelyard.engine.EngineTesting.failure;
import static dev.modelyard.engine.EngineTesting.infer;
import static dev.modelyard.engine.EngineTesting.input;
import static dev.modelyard.engine.EngineTesting.output;
import static dev.modelyard.engine.EngineTesting.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelyard.core.runtime.ModelLoadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InferenceEngineSwapTest {
    private static final int CALLERS = 8;

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void swapUnderLoadFailsNoRequestAndClosesTheOldModelOnceItsLastCallFinished(ExecutionMode mode) throws Exception {
        TestingModelSource source = new TestingModelSource()
                .constant("sha-a", 1)
                .constant("sha-b", 2)
                .setUp("sha-a", model -> model.delay(Duration.ofNanos(50_000)))
                .setUp("sha-b", model -> model.delay(Duration.ofNanos(50_000)));
        DeploymentSettings settings = DeploymentSettings.defaults().withExecutionMode(mode);
        InferenceEngine engine = new InferenceEngine(config().withRetainedReleases(0), source);
        try {
            await(engine.serve("churn", target("A", "sha-a"), settings));

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean swapped = new AtomicBoolean(false);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            Set<String> releases = ConcurrentHashMap.newKeySet();
            Set<String> releasesAfterSwap = ConcurrentHashMap.newKeySet();
            AtomicInteger calls = new AtomicInteger();
            List<Thread> callers = new ArrayList<>();
            for (int caller = 0; caller < CALLERS; caller++) {
                float value = caller;
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        boolean afterSwap = swapped.get();
                        try {
                            InferenceResult result = await(infer(engine, "churn", value, -value));
                            releases.add(result.release());
                            if (afterSwap) {
                                releasesAfterSwap.add(result.release());
                            }
                            float constant = result.release().equals("A") ? 1 : 2;
                            assertThat(output(result)).containsExactly(value + constant, -value + constant);
                            calls.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                });
                thread.start();
                callers.add(thread);
            }
            Thread.sleep(100);
            SwapResult swap = await(engine.serve("churn", target("B", "sha-b"), settings));
            swapped.set(true);
            Thread.sleep(100);
            running.set(false);
            for (Thread thread : callers) {
                thread.join();
            }

            assertThat(failures).isEmpty();
            assertThat(calls.get()).isGreaterThan(CALLERS);
            assertThat(swap.previousRelease()).contains("A");
            assertThat(releases).containsExactlyInAnyOrder("A", "B");
            assertThat(releasesAfterSwap).containsExactly("B");
            TestingModel modelA = source.model("sha-a");
            eventually(modelA::isClosed);
            assertThat(modelA.closes()).isEqualTo(1);
            assertThat(modelA.violations()).isEmpty();
            TestingModel modelB = source.model("sha-b");
            assertThat(modelB.isClosed()).isFalse();
            assertThat(source.loads("sha-a")).isEqualTo(1);
            assertThat(source.loads("sha-b")).isEqualTo(1);
            engine.close();
            assertThat(modelB.closes()).isEqualTo(1);
            assertThat(modelB.violations()).isEmpty();
        } finally {
            engine.close();
        }
    }

    @Test
    void failedLoadKeepsThePreviousReleaseServingAndRecordsTheRuntimesReason() {
        TestingModelSource source =
                new TestingModelSource().constant("sha-a", 1).failLoads("sha-bad", "protobuf parsing failed");
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a")));

            Throwable failure = failure(engine.serve("churn", target("B", "sha-bad")));

            assertThat(failure).isInstanceOf(ModelLoadException.class).hasMessage("protobuf parsing failed");
            assertThat(await(infer(engine, "churn", 1, 2)).release()).isEqualTo("A");
            DeploymentState state = engine.state("churn");
            assertThat(state.status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(state.currentRelease()).contains("A");
            assertThat(state.failureReason()).contains("protobuf parsing failed");
            assertThat(state.releases())
                    .extracting(ReleaseState::release, ReleaseState::loadState, ReleaseState::current)
                    .containsExactly(tuple("A", LoadState.LOADED, true), tuple("B", LoadState.FAILED, false));
            assertThat(source.model("sha-a").isClosed()).isFalse();

            source.succeedLoads("sha-bad");
            await(engine.serve("churn", target("B", "sha-bad")));
            assertThat(engine.state("churn").status()).isEqualTo(DeploymentStatus.READY);
            assertThat(engine.state("churn").failureReason()).isEmpty();
            assertThat(await(infer(engine, "churn", 1, 2)).release()).isEqualTo("B");
        }
    }

    @Test
    void firstLoadFailingLeavesTheDeploymentNotReady() {
        TestingModelSource source = new TestingModelSource().failLoads("sha-bad", "unsupported opset 99");
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            assertThat(failure(engine.serve("churn", target("A", "sha-bad")))).isInstanceOf(ModelLoadException.class);

            assertThat(failure(infer(engine, "churn", 1, 2)))
                    .isInstanceOf(DeploymentNotReadyException.class)
                    .hasMessageContaining("unsupported opset 99");
            assertThat(engine.state("churn").status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(engine.state("churn").currentRelease()).isEmpty();
        }
    }

    @Test
    void aSwapSupersededWhileLoadingNeverGoesLive() throws Exception {
        CountDownLatch slowLoad = new CountDownLatch(1);
        TestingModelSource source = new TestingModelSource()
                .constant("sha-a", 1)
                .constant("sha-slow", 5)
                .constant("sha-b", 2)
                .blockLoads("sha-slow", slowLoad);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a")));
            var stale = engine.serve("churn", target("SLOW", "sha-slow"));
            assertThat(engine.state("churn").status()).isEqualTo(DeploymentStatus.DEPLOYING);
            assertThat(engine.state("churn").releases())
                    .extracting(ReleaseState::release, ReleaseState::loadState)
                    .contains(tuple("SLOW", LoadState.LOADING));
            assertThat(await(infer(engine, "churn", 1, 2)).release()).isEqualTo("A");

            await(engine.serve("churn", target("B", "sha-b")));
            slowLoad.countDown();

            assertThat(failure(stale)).isInstanceOf(SwapSupersededException.class);
            assertThat(await(infer(engine, "churn", 1, 2)).release()).isEqualTo("B");
            assertThat(engine.state("churn").status()).isEqualTo(DeploymentStatus.READY);
            assertThat(engine.state("churn").currentRelease()).contains("B");
            TestingModel slow = source.model("sha-slow");
            eventually(slow::isClosed);
            assertThat(slow.violations()).isEmpty();
            assertThat(engine.metrics().snapshot().loadedModels()).isEqualTo(2);
        }
    }

    @Test
    void aFailedLoadThatWasSupersededDoesNotMarkTheDeploymentFailed() throws Exception {
        CountDownLatch slowLoad = new CountDownLatch(1);
        TestingModelSource source =
                new TestingModelSource().blockLoads("sha-bad", slowLoad).failLoads("sha-bad", "corrupt");
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            var stale = engine.serve("churn", target("BAD", "sha-bad"));
            await(engine.serve("churn", target("B", "sha-b")));
            slowLoad.countDown();

            assertThat(failure(stale)).isInstanceOf(ModelLoadException.class);
            assertThat(engine.state("churn").status()).isEqualTo(DeploymentStatus.READY);
            assertThat(engine.state("churn").failureReason()).isEmpty();
        }
    }

    @Test
    void aPreviousReleaseStaysAddressableUntilTwoNewerOnesReplacedIt() throws Exception {
        TestingModelSource source = new TestingModelSource()
                .constant("sha-a", 1)
                .constant("sha-b", 2)
                .constant("sha-c", 3);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a")));
            await(engine.serve("churn", target("B", "sha-b")));

            InferenceResult fromA = await(engine.infer("churn", Optional.of("A"), input(1, 2), Set.of()));
            assertThat(fromA.release()).isEqualTo("A");
            assertThat(fromA.modelVersionId()).isEqualTo("model-version-sha-a");
            assertThat(output(fromA)).containsExactly(2, 3);
            assertThat(await(engine.infer("churn", Optional.of("B"), input(1, 2), Set.of()))
                            .release())
                    .isEqualTo("B");
            assertThat(await(infer(engine, "churn", 1, 2)).release()).isEqualTo("B");
            assertThat(failure(engine.infer("churn", Optional.of("Z"), input(1, 2), Set.of())))
                    .isInstanceOf(ReleaseNotLoadedException.class)
                    .hasMessageContaining("'Z'");

            await(engine.serve("churn", target("C", "sha-c")));

            assertThat(failure(engine.infer("churn", Optional.of("A"), input(1, 2), Set.of())))
                    .isInstanceOf(ReleaseNotLoadedException.class);
            assertThat(await(engine.infer("churn", Optional.of("B"), input(1, 2), Set.of()))
                            .release())
                    .isEqualTo("B");
            eventually(source.model("sha-a")::isClosed);
            assertThat(source.model("sha-b").isClosed()).isFalse();
            assertThat(engine.state("churn").releases())
                    .extracting(ReleaseState::release, ReleaseState::current)
                    .containsExactly(tuple("C", true), tuple("B", false));

            // rolling back to a retained release reuses its model
            SwapResult rollback = await(engine.serve("churn", target("B", "sha-b")));
            assertThat(rollback.reusedLoadedModel()).isTrue();
            assertThat(source.loads("sha-b")).isEqualTo(1);
            assertThat(engine.state("churn").releases())
                    .extracting(ReleaseState::release)
                    .containsExactly("B", "C");
        }
    }

    @Test
    void servingTheCurrentTargetAgainIsANoOpThatKeepsItsModel() {
        TestingModelSource source = new TestingModelSource();
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a")));
            SwapResult again = await(engine.serve("churn", target("A", "sha-a")));

            assertThat(again.reusedLoadedModel()).isTrue();
            assertThat(source.loads("sha-a")).isEqualTo(1);
            assertThat(engine.state("churn").releases()).hasSize(1);
            assertThat(await(infer(engine, "churn", 1, 2)).release()).isEqualTo("A");
            assertThat(source.model("sha-a").isClosed()).isFalse();
        }
    }

    @Test
    void newWorkerSettingsTakeEffectWithTheSwapThatCarriesThem() {
        TestingModelSource source = new TestingModelSource().constant("sha-a", 1);
        DeploymentSettings pooled =
                DeploymentSettings.defaults().withWorkers(1).withExecutionMode(ExecutionMode.POOLED);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), pooled));
            assertThat(output(await(infer(engine, "churn", 1, 2)))).containsExactly(2, 3);

            DeploymentSettings batching = pooled.withWorkers(2).withMicroBatching(new MicroBatching(8, 1_000));
            await(engine.serve("churn", target("A", "sha-a"), batching));

            assertThat(engine.state("churn").settings()).isEqualTo(batching);
            for (int call = 0; call < 20; call++) {
                assertThat(output(await(infer(engine, "churn", call, 0)))).containsExactly(call + 1, 1);
            }
            assertThat(source.loads("sha-a")).isEqualTo(1);
        }
    }
}

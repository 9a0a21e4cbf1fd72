package dev.modelyard.engine;

import static dev.modelyard.engine.EngineTesting.await;
import static dev.modelyard.engine.EngineTesting.config;
import static dev.modelyard.engine.EngineTesting.infer;
import static dev.modelyard.engine.EngineTesting.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InferenceEngineThreadingTest {
    private static final String WORKER = "modelyard-worker-churn-";

    @Test
    void aTinyModelEndsUpRunningOnTheCallersThread() {
        TestingModelSource source = new TestingModelSource();
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a")));
            TestingModel model = source.model("sha-a");
            String caller = Thread.currentThread().getName();

            await(infer(engine, "churn", 1, 2));
            assertThat(model.lastThread()).as("no estimate yet: pooled").startsWith(WORKER);

            boolean completedOnReturn = runUntilInline(engine, model);

            assertThat(model.lastThread()).isEqualTo(caller);
            assertThat(completedOnReturn)
                    .as("an inline call returns a completed future")
                    .isTrue();
        }
    }

    /**
     * Calls until a prediction runs on this thread. A loaded machine can preempt one prediction
     * and lift the average above the threshold for a few calls, so the test does not insist on a
     * particular call.
     */
    private static boolean runUntilInline(InferenceEngine engine, TestingModel model) {
        String caller = Thread.currentThread().getName();
        for (int call = 0; call < 2_000; call++) {
            CompletableFuture<InferenceResult> future = infer(engine, "churn", 1, 2);
            boolean completedOnReturn = future.isDone();
            await(future);
            if (model.lastThread().equals(caller)) {
                return completedOnReturn;
            }
        }
        throw new AssertionError("no prediction ran on the caller's thread in 2000 calls");
    }

    @Test
    void aSlowModelRunsOnTheDeploymentsWorkers() {
        TestingModelSource source =
                new TestingModelSource().setUp("sha-slow", model -> model.delay(Duration.ofMillis(2)));
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-slow")));
            TestingModel model = source.model("sha-slow");

            for (int call = 0; call < 20; call++) {
                await(infer(engine, "churn", 1, 2));
            }

            List<String> threads = model.threads();
            assertThat(threads.subList(1, threads.size())).allMatch(name -> name.startsWith(WORKER));
            assertThat(threads.get(0)).as("warm-up").startsWith("modelyard-loader-");
        }
    }

    @Test
    void aModelThatTurnsSlowGoesBackToThePool() {
        TestingModelSource source = new TestingModelSource();
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a")));
            TestingModel model = source.model("sha-a");
            runUntilInline(engine, model);

            model.delay(Duration.ofMillis(5));
            for (int call = 0; call < 3; call++) {
                await(infer(engine, "churn", 1, 2));
            }

            assertThat(model.lastThread()).startsWith(WORKER);
        }
    }

    @Test
    void forcedModesOverrideTheEstimate() {
        TestingModelSource source =
                new TestingModelSource().setUp("sha-slow", model -> model.delay(Duration.ofMillis(1)));
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve(
                    "inline",
                    target("A", "sha-slow"),
                    DeploymentSettings.defaults().withExecutionMode(ExecutionMode.INLINE)));
            await(engine.serve(
                    "churn",
                    target("A", "sha-tiny"),
                    DeploymentSettings.defaults().withExecutionMode(ExecutionMode.POOLED)));
            String caller = Thread.currentThread().getName();

            for (int call = 0; call < 30; call++) {
                await(infer(engine, "inline", 1, 2));
                await(infer(engine, "churn", 1, 2));
            }

            List<String> slowThreads = source.model("sha-slow").threads();
            assertThat(slowThreads.subList(1, slowThreads.size())).containsOnly(caller);
            List<String> tinyThreads = source.model("sha-tiny").threads();
            assertThat(tinyThreads.subList(1, tinyThreads.size())).allMatch(name -> name.startsWith(WORKER));
        }
    }
}

package dev.modelyard.engine;

import static dev.modelyard.engine.EngineTesting.await;
import static dev.modelyard.engine.EngineTesting.config;
import static dev.modelyard.engine.EngineTesting.failure;
import static dev.modelyard.engine.EngineTesting.infer;
import static dev.modelyard.engine.EngineTesting.output;
import static dev.modelyard.engine.EngineTesting.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.core.runtime.InvalidInputException;
import dev.modelyard.core.runtime.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class MicroBatchingTest {
    private static final DeploymentSettings BATCHING =
            DeploymentSettings.defaults().withWorkers(1).withMicroBatching(new MicroBatching(64, 50_000));

    @Test
    void concurrentRequestsAreBatchedAndEachCallerGetsItsOwnRows() throws Exception {
        TestingModelSource source = new TestingModelSource().constant("sha-a", 10);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), BATCHING));
            TestingModel model = source.model("sha-a");
            CountDownLatch hold = new CountDownLatch(1);
            model.blockOn(hold);
            model.forgetStarted();
            // a first request occupies the only worker, so the next ones queue up together
            CompletableFuture<InferenceResult> first = infer(engine, "churn", 0, 0);
            model.awaitStarted();

            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
            List<float[]> inputs = new ArrayList<>();
            for (int request = 1; request <= 12; request++) {
                int rows = request % 3 + 1;
                float[] values = new float[rows * 2];
                for (int index = 0; index < values.length; index++) {
                    values[index] = request * 100 + index;
                }
                inputs.add(values);
                futures.add(infer(engine, "churn", values));
            }
            hold.countDown();

            assertThat(output(await(first))).containsExactly(10, 10);
            for (int request = 0; request < futures.size(); request++) {
                float[] values = inputs.get(request);
                InferenceResult result = await(futures.get(request));
                float[] expected = new float[values.length];
                for (int index = 0; index < values.length; index++) {
                    expected[index] = values[index] + 10;
                }
                assertThat(output(result)).containsExactly(expected);
                assertThat(result.outputs().get(0).shape()).containsExactly(values.length / 2, 2);
                assertThat(result.release()).isEqualTo("A");
            }
            List<Long> batches = model.batchRows();
            long totalRows =
                    inputs.stream().mapToLong(values -> values.length / 2).sum();
            assertThat(batches.subList(2, batches.size())) // after the warm-up and the first request
                    .as("the twelve waiting requests ran as one batch")
                    .containsExactly(totalRows);
        }
    }

    @Test
    void aBatchNeverExceedsItsMaximumRows() throws Exception {
        TestingModelSource source = new TestingModelSource();
        DeploymentSettings settings = BATCHING.withMicroBatching(new MicroBatching(4, 50_000));
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), settings));
            TestingModel model = source.model("sha-a");
            CountDownLatch hold = new CountDownLatch(1);
            model.blockOn(hold);
            model.forgetStarted();
            CompletableFuture<InferenceResult> first = infer(engine, "churn", 0, 0);
            model.awaitStarted();
            List<CompletableFuture<InferenceResult>> futures = new ArrayList<>();
            for (int request = 0; request < 10; request++) {
                futures.add(infer(engine, "churn", request, request));
            }
            hold.countDown();

            await(first);
            for (int request = 0; request < 10; request++) {
                assertThat(output(await(futures.get(request)))).containsExactly(request, request);
            }
            List<Long> batches = model.batchRows();
            assertThat(batches.subList(2, batches.size()))
                    .allMatch(rows -> rows <= 4)
                    .contains(4L);
        }
    }

    @Test
    void incompatibleAndFailingRequestsGetTheirOwnAnswer() throws Exception {
        TestingModelSource source = new TestingModelSource().constant("sha-a", 1);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), BATCHING));
            TestingModel model = source.model("sha-a");
            CountDownLatch hold = new CountDownLatch(1);
            model.blockOn(hold);
            model.forgetStarted();
            CompletableFuture<InferenceResult> first = infer(engine, "churn", 0, 0);
            model.awaitStarted();

            CompletableFuture<InferenceResult> good = infer(engine, "churn", 1, 2);
            CompletableFuture<InferenceResult> nan = infer(engine, "churn", Float.NaN, 2);
            CompletableFuture<InferenceResult> wrongShape = engine.infer(
                    "churn",
                    Optional.empty(),
                    List.of(Tensor.ofFloats("x", new long[] {1, 3}, new float[] {1, 2, 3})),
                    Set.of());
            CompletableFuture<InferenceResult> alsoGood = infer(engine, "churn", 3, 4);
            hold.countDown();

            await(first);
            assertThat(output(await(good))).containsExactly(2, 3);
            assertThat(output(await(alsoGood))).containsExactly(4, 5);
            assertThat(failure(nan)).isInstanceOf(InvalidInputException.class).hasMessage("x holds NaN");
            assertThat(failure(wrongShape)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void aLoneRequestWaitsAtMostTheMaximumDelay() {
        TestingModelSource source = new TestingModelSource().constant("sha-a", 1);
        DeploymentSettings settings = BATCHING.withMicroBatching(new MicroBatching(64, 20_000));
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("A", "sha-a"), settings));

            long begin = System.nanoTime();
            InferenceResult result = await(infer(engine, "churn", 1, 2));
            long elapsedMillis = (System.nanoTime() - begin) / 1_000_000;

            assertThat(output(result)).containsExactly(2, 3);
            assertThat(elapsedMillis).isLessThan(5_000);
            assertThat(result.queueNanos()).isGreaterThanOrEqualTo(0);
        }
    }
}

package dev.modelyard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.core.runtime.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Small helpers shared by the engine tests. */
final class EngineTesting {
    private EngineTesting() {}

    /** An engine config for tests: one previous release retained, a short shutdown. */
    static EngineConfig config() {
        return EngineConfig.defaults().withShutdownTimeout(Duration.ofSeconds(5));
    }

    static ServingTarget target(String release, String digest) {
        return ServingTarget.of(release, digest, "model-version-" + digest);
    }

    /** An input of {@code [values.length / 2, 2]}. */
    static List<Tensor> input(float... values) {
        return List.of(Tensor.ofFloats("x", new long[] {values.length / 2, 2}, values));
    }

    static CompletableFuture<InferenceResult> infer(InferenceEngine engine, String deployment, float... values) {
        return engine.infer(deployment, Optional.empty(), input(values), Set.of());
    }

    static float[] output(InferenceResult result) {
        return result.outputs().get(0).floats();
    }

    /** Waits for a future and returns its result (at most 10 s). */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The exception a future failed with, unwrapped. */
    static Throwable failure(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the future succeeded");
    }

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("condition not reached within 10 s")
                    .isLessThan(deadline);
            Thread.sleep(2);
        }
    }
}

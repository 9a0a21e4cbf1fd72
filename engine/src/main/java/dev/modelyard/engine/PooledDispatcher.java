package dev.modelyard.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A fixed pool of workers with a bounded queue. The deployment's in-flight count already bounds
 * admission; the queue bound is a second line, and a refusal becomes {@link
 * EngineOverloadedException} like any other.
 */
final class PooledDispatcher implements Dispatcher {
    private final ThreadPoolExecutor executor;

    PooledDispatcher(String deployment, int workers, int queueCapacity) {
        executor = new ThreadPoolExecutor(
                workers,
                workers,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                EngineThreads.named("modelyard-worker-" + deployment),
                new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void submit(InferenceCall call) {
        executor.execute(call);
    }

    @Override
    public void cancel(InferenceCall call) {
        executor.remove(call);
    }

    @Override
    public int queueDepth() {
        return executor.getQueue().size();
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public boolean isShutdown() {
        return executor.isShutdown();
    }
}

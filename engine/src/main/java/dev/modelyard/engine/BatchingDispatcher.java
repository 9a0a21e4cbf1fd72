package dev.modelyard.engine;

import dev.modelyard.core.runtime.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micro-batching: calls wait in one deque; up to {@code workers} drainers take the first call,
 * gather compatible ones behind it (same release, same requested outputs, same inputs but for the
 * rows) until the batch holds {@code maxBatchSize} rows or the first call has waited {@code
 * maxDelay}, run the batch as one prediction and hand each caller its rows.
 *
 * <p>A batch whose prediction fails, or whose outputs do not carry the batch's rows first, is run
 * again one call at a time, so each caller gets its own result or its own error: one bad request
 * never fails its neighbours.
 */
final class BatchingDispatcher implements Dispatcher {
    private final LinkedBlockingDeque<InferenceCall> waiting = new LinkedBlockingDeque<>();
    private final ThreadPoolExecutor executor;
    private final AtomicInteger drainers = new AtomicInteger();
    private final int workers;
    private final int maxBatchSize;
    private final long maxDelayNanos;

    BatchingDispatcher(String deployment, int workers, MicroBatching batching) {
        this.workers = workers;
        this.maxBatchSize = batching.maxBatchSize();
        this.maxDelayNanos = TimeUnit.MICROSECONDS.toNanos(batching.maxDelayMicros());
        executor = new ThreadPoolExecutor(
                workers,
                workers,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(workers),
                EngineThreads.named("modelyard-worker-" + deployment),
                new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void submit(InferenceCall call) {
        if (executor.isShutdown()) {
            throw new RejectedExecutionException("the deployment's workers are shut down");
        }
        waiting.addLast(call);
        try {
            startDrainerIfRoom();
        } catch (RejectedExecutionException e) {
            if (waiting.remove(call)) {
                throw e;
            }
            // a drainer already took it
        }
    }

    @Override
    public void cancel(InferenceCall call) {
        waiting.remove(call);
    }

    @Override
    public int queueDepth() {
        return waiting.size();
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public boolean isShutdown() {
        return executor.isShutdown();
    }

    private void startDrainerIfRoom() {
        if (!claimDrainer()) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drainers.decrementAndGet();
            throw e;
        }
    }

    private boolean claimDrainer() {
        while (true) {
            int running = drainers.get();
            if (running >= workers) {
                return false;
            }
            if (drainers.compareAndSet(running, running + 1)) {
                return true;
            }
        }
    }

    private void drain() {
        while (true) {
            InferenceCall first;
            while ((first = waiting.pollFirst()) != null) {
                if (first.start()) {
                    runBatch(gather(first));
                }
            }
            drainers.decrementAndGet();
            // A call queued after our last poll by a submitter that still counted us: take it on.
            if (waiting.isEmpty() || !claimDrainer()) {
                return;
            }
        }
    }

    private List<InferenceCall> gather(InferenceCall first) {
        List<InferenceCall> batch = new ArrayList<>();
        batch.add(first);
        long rows = TensorBatches.rows(first.inputs());
        if (rows < 0 || rows >= maxBatchSize) {
            return batch;
        }
        long deadline = first.arrivedNanos() + maxDelayNanos;
        while (rows < maxBatchSize) {
            InferenceCall next;
            try {
                long wait = deadline - System.nanoTime();
                next = wait > 0 ? waiting.pollFirst(wait, TimeUnit.NANOSECONDS) : waiting.pollFirst();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (next == null) {
                break;
            }
            long nextRows = TensorBatches.rows(next.inputs());
            if (!fits(first, next, nextRows, rows)) {
                waiting.addFirst(next);
                break;
            }
            if (next.start()) {
                batch.add(next);
                rows += nextRows;
            }
        }
        return batch;
    }

    private boolean fits(InferenceCall first, InferenceCall next, long nextRows, long rows) {
        return nextRows >= 0
                && rows + nextRows <= maxBatchSize
                && next.slot() == first.slot()
                && next.outputs().equals(first.outputs())
                && TensorBatches.compatible(first.inputs(), next.inputs());
    }

    static void runBatch(List<InferenceCall> batch) {
        if (batch.size() == 1) {
            batch.get(0).runAlone();
            return;
        }
        InferenceCall first = batch.get(0);
        List<List<Tensor>> inputs = new ArrayList<>(batch.size());
        long[] rows = new long[batch.size()];
        for (int index = 0; index < batch.size(); index++) {
            inputs.add(batch.get(index).inputs());
            rows[index] = TensorBatches.rows(batch.get(index).inputs());
        }
        long begin = System.nanoTime();
        Optional<List<List<Tensor>>> split;
        try {
            List<Tensor> outputs = first.slot().predict(TensorBatches.concat(inputs), first.outputs());
            split = TensorBatches.split(outputs, rows);
        } catch (RuntimeException e) {
            split = Optional.empty();
        }
        if (split.isEmpty()) {
            batch.forEach(InferenceCall::runAlone);
            return;
        }
        long computeNanos = System.nanoTime() - begin;
        first.slot().estimate().record(computeNanos);
        for (int index = 0; index < batch.size(); index++) {
            batch.get(index).succeed(split.get().get(index), computeNanos);
        }
    }
}

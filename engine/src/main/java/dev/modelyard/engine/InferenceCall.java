package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.runtime.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One admitted request. It holds a reference on its release's model and a place in its
 * deployment's in-flight count from admission until {@link #finish()}, which runs exactly once:
 * whoever moves it out of {@code QUEUED} (a worker starting it, the timeout cancelling it, a
 * dispatcher refusing it) owns its clean-up.
 *
 * <p>Clean-up comes before completing the future, so a caller that sees the result also sees the
 * request gone from the in-flight count.
 */
final class InferenceCall implements Runnable {
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    private final Deployment deployment;
    private final ReleaseSlot slot;
    private final List<Tensor> inputs;
    private final Set<String> outputs;
    private final long arrivedNanos;
    private final CompletableFuture<InferenceResult> future = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private volatile Dispatcher dispatcher;
    private volatile ScheduledFuture<?> timeoutTask;
    private long startedNanos;

    InferenceCall(
            Deployment deployment, ReleaseSlot slot, List<Tensor> inputs, Set<String> outputs, long arrivedNanos) {
        this.deployment = requireNonNull(deployment, "deployment is null");
        this.slot = requireNonNull(slot, "slot is null");
        this.inputs = requireNonNull(inputs, "inputs is null");
        this.outputs = requireNonNull(outputs, "outputs is null");
        this.arrivedNanos = arrivedNanos;
    }

    CompletableFuture<InferenceResult> future() {
        return future;
    }

    ReleaseSlot slot() {
        return slot;
    }

    List<Tensor> inputs() {
        return inputs;
    }

    Set<String> outputs() {
        return outputs;
    }

    long arrivedNanos() {
        return arrivedNanos;
    }

    void dispatchedTo(Dispatcher target) {
        dispatcher = target;
    }

    /** Claims the call for running; false when it timed out (or was refused) first. */
    boolean start() {
        if (!state.compareAndSet(QUEUED, RUNNING)) {
            return false;
        }
        startedNanos = System.nanoTime();
        return true;
    }

    /** Runs on a worker of a {@link PooledDispatcher}. */
    @Override
    public void run() {
        if (start()) {
            runAlone();
        }
    }

    /** Runs on the caller's thread. */
    void runInline() {
        start();
        runAlone();
    }

    /** Predicts this call's inputs alone; the call is started. */
    void runAlone() {
        long begin = System.nanoTime();
        List<Tensor> result;
        try {
            result = slot.predict(inputs, outputs);
        } catch (RuntimeException e) {
            slot.estimate().record(System.nanoTime() - begin);
            fail(e);
            return;
        }
        long computeNanos = System.nanoTime() - begin;
        slot.estimate().record(computeNanos);
        succeed(result, computeNanos);
    }

    /** Completes a started call with its outputs. */
    void succeed(List<Tensor> result, long computeNanos) {
        InferenceResult inferenceResult;
        try {
            inferenceResult = new InferenceResult(
                    slot.release(), slot.target().modelVersionId(), result, startedNanos - arrivedNanos, computeNanos);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        finish();
        if (future.complete(inferenceResult)) {
            slot.metrics().latency.record(System.nanoTime() - arrivedNanos);
        }
    }

    /** Completes a started call with the runtime's exception, unchanged. */
    void fail(RuntimeException failure) {
        finish();
        if (future.completeExceptionally(failure)) {
            slot.metrics().errors.increment();
            slot.metrics().latency.record(System.nanoTime() - arrivedNanos);
        }
    }

    /** Refuses a call that was never started (its dispatcher would not take it). */
    void refuse(RuntimeException failure) {
        if (state.compareAndSet(QUEUED, DONE)) {
            release();
            future.completeExceptionally(failure);
        }
    }

    void timeoutAfter(ScheduledFuture<?> task) {
        timeoutTask = task;
        if (state.get() == DONE) {
            task.cancel(false);
        }
    }

    /** The request timeout fired: cancel the call if queued, else fail its future and let it run out. */
    void timeout(Duration timeout) {
        if (state.compareAndSet(QUEUED, DONE)) {
            Dispatcher queuedOn = dispatcher;
            if (queuedOn != null) {
                queuedOn.cancel(this);
            }
            release();
            completeWithTimeout(timeout, false);
        } else if (state.get() == RUNNING) {
            completeWithTimeout(timeout, true);
        }
    }

    private void completeWithTimeout(Duration timeout, boolean started) {
        String name = deployment.name();
        if (future.completeExceptionally(new InferenceTimeoutException(name, timeout, started))) {
            slot.metrics().timeouts.increment();
            slot.metrics().latency.record(System.nanoTime() - arrivedNanos);
        }
    }

    private void finish() {
        state.set(DONE);
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
        release();
    }

    private void release() {
        slot.metrics().inFlight.decrement();
        slot.model().release();
        deployment.requestFinished();
    }
}

package dev.modelyard.engine;

import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.InvalidInputException;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelExecutionException;
import dev.modelyard.core.runtime.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A hand-made model: {@code y = x + constant} on FP32 tensors shaped {@code [rows, 2]}. It can be
 * made slow, blocked on a latch or failing, and it checks the engine's promises: no prediction
 * runs after {@link #close()}, and close runs once, with no prediction running.
 */
final class TestingModel implements LoadedModel {
    static final Signature SIGNATURE = new Signature(
            List.of(new TensorSpec("x", "FP32", List.of(-1L, 2L))),
            List.of(new TensorSpec("y", "FP32", List.of(-1L, 2L))),
            List.of());

    private final String digest;
    private final float constant;
    private volatile long delayNanos;
    private volatile CountDownLatch gate;
    private volatile RuntimeException failure;
    private final AtomicInteger predictions = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> batchRows = Collections.synchronizedList(new ArrayList<>());
    private final Semaphore started = new Semaphore(0);

    TestingModel(String digest, float constant) {
        this.digest = digest;
        this.constant = constant;
    }

    /** Each prediction takes at least this long (parks the thread, no busy loop). */
    TestingModel delay(Duration delay) {
        this.delayNanos = delay.toNanos();
        return this;
    }

    /** Each prediction waits for the latch to open (at most 10 s, so a broken test cannot hang). */
    TestingModel blockOn(CountDownLatch latch) {
        this.gate = latch;
        return this;
    }

    /** Each prediction throws this. */
    TestingModel failWith(RuntimeException exception) {
        this.failure = exception;
        return this;
    }

    @Override
    public Signature signature() {
        return SIGNATURE;
    }

    @Override
    public List<Tensor> predict(List<Tensor> inputs, Set<String> outputs) {
        if (closes.get() > 0) {
            violations.add("predict started after close");
        }
        running.incrementAndGet();
        predictions.incrementAndGet();
        threads.add(Thread.currentThread().getName());
        started.release();
        try {
            return compute(inputs);
        } finally {
            running.decrementAndGet();
            if (closes.get() > 0) {
                violations.add("predict finished after close");
            }
        }
    }

    private List<Tensor> compute(List<Tensor> inputs) {
        CountDownLatch latch = gate;
        if (latch != null) {
            try {
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new ModelExecutionException("the test never opened the latch");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelExecutionException("interrupted");
            }
        }
        long delay = delayNanos;
        if (delay > 0) {
            long deadline = System.nanoTime() + delay;
            for (long left = delay; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
        RuntimeException toThrow = failure;
        if (toThrow != null) {
            throw toThrow;
        }
        if (inputs.size() != 1 || !inputs.get(0).name().equals("x")) {
            throw new InvalidInputException("expected one input named x");
        }
        Tensor x = inputs.get(0);
        if (x.shape().length != 2 || x.shape()[1] != 2) {
            throw new InvalidInputException("x must be shaped [rows, 2]");
        }
        batchRows.add(x.shape()[0]);
        float[] values = x.floats();
        float[] result = new float[values.length];
        for (int index = 0; index < values.length; index++) {
            if (Float.isNaN(values[index])) {
                throw new InvalidInputException("x holds NaN");
            }
            result[index] = values[index] + constant;
        }
        return List.of(Tensor.ofFloats("y", x.shape().clone(), result));
    }

    @Override
    public void close() {
        if (running.get() > 0) {
            violations.add("closed while " + running.get() + " predictions ran");
        }
        if (closes.incrementAndGet() > 1) {
            violations.add("closed twice");
        }
    }

    String digest() {
        return digest;
    }

    float constant() {
        return constant;
    }

    int predictions() {
        return predictions.get();
    }

    int closes() {
        return closes.get();
    }

    boolean isClosed() {
        return closes.get() > 0;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** The thread names of every prediction, warm-up included, in order. */
    List<String> threads() {
        return List.copyOf(threads);
    }

    String lastThread() {
        List<String> all = threads();
        return all.get(all.size() - 1);
    }

    /** The rows of every prediction that got as far as computing. */
    List<Long> batchRows() {
        return List.copyOf(batchRows);
    }

    /** Waits until a prediction (beyond those already awaited) has started. */
    void awaitStarted() throws InterruptedException {
        if (!started.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no prediction started");
        }
    }

    void forgetStarted() {
        started.drainPermits();
    }
}

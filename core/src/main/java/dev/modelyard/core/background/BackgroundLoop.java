package dev.modelyard.core.background;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that runs a round of work, then waits as long as the round answers (not at all
 * for zero) or until {@link #wakeUp()}; a round that fails is logged and retried after {@code retryAfterFailure}.
 * {@link #close()} interrupts the thread and waits for it to end.
 */
public final class BackgroundLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLoop.class);

    /** One round of work; returns how long to wait before the next round, unless woken earlier. */
    @FunctionalInterface
    public interface Round {
        Duration run() throws InterruptedException;
    }

    private final String name;
    private final Round round;
    private final Duration retryAfterFailure;
    private final Semaphore signal = new Semaphore(0);
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread thread;

    public BackgroundLoop(String name, Round round, Duration retryAfterFailure) {
        this.name = requireNonNull(name, "name is null");
        this.round = requireNonNull(round, "round is null");
        this.retryAfterFailure = requireNonNull(retryAfterFailure, "retryAfterFailure is null");
    }

    public synchronized void start() {
        if (thread != null || closed.get()) {
            return;
        }
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the current wait: the next round runs now. */
    public void wakeUp() {
        signal.release();
    }

    /** Whether {@link #close()} was called; long rounds check it to stop early. */
    public boolean closed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        while (!closed.get()) {
            try {
                Duration wait = round.run();
                if (wait.isZero() || wait.isNegative()) {
                    continue;
                }
                signal.drainPermits();
                signal.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed.get()) {
                    return;
                }
                LOG.warn("{} failed; retrying in {} ms", name, retryAfterFailure.toMillis(), e);
                try {
                    Thread.sleep(retryAfterFailure.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}

package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.runtime.LoadedModel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model in the cache, shared by every deployment release with its digest, and the
 * reference count that decides when it may be closed.
 *
 * <p>Each holder (a deployment's release slot, a swap still waiting for the load) and each running
 * or queued request holds one reference. The count starts at one (the swap that created it); {@link
 * #tryRetain()} never revives a count that reached zero. When the last reference goes, the model is
 * evicted from the cache and closed exactly once, so no request ever sees a closed model: a request
 * that lost the race to retain it re-reads the deployment's routing, which has already moved on.
 */
final class SharedModel {
    private static final Logger log = LoggerFactory.getLogger(SharedModel.class);

    /** A loaded, warmed model and what it cost. */
    record Loaded(LoadedModel model, Duration loadTime, Duration warmupTime) {
        Loaded {
            requireNonNull(model, "model is null");
            requireNonNull(loadTime, "loadTime is null");
            requireNonNull(warmupTime, "warmupTime is null");
        }
    }

    private final String digest;
    private final CompletableFuture<Loaded> ready = new CompletableFuture<>();
    private final AtomicInteger references = new AtomicInteger(1);
    private final Consumer<SharedModel> onRetired;
    private final Executor closer;
    private volatile LoadedModel model;

    SharedModel(String digest, Consumer<SharedModel> onRetired, Executor closer) {
        this.digest = requireNonNull(digest, "digest is null");
        this.onRetired = requireNonNull(onRetired, "onRetired is null");
        this.closer = requireNonNull(closer, "closer is null");
    }

    String digest() {
        return digest;
    }

    /** Completes when the model is loaded and warmed, or exceptionally with the load failure. */
    CompletableFuture<Loaded> ready() {
        return ready;
    }

    boolean isLoaded() {
        return model != null;
    }

    /** The loaded model; only for holders of a reference after {@link #ready()} completed normally. */
    LoadedModel model() {
        return model;
    }

    void loaded(Loaded loaded) {
        model = loaded.model();
        ready.complete(loaded);
    }

    void failed(Throwable failure) {
        ready.completeExceptionally(failure);
    }

    /** Takes one more reference unless the model is already retired. */
    boolean tryRetain() {
        while (true) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives one reference back; the last one evicts the model and closes it (once loaded). */
    void release() {
        int remaining = references.decrementAndGet();
        if (remaining > 0) {
            return;
        }
        if (remaining < 0) {
            throw new IllegalStateException("model " + digest + " was released more often than retained");
        }
        onRetired.accept(this);
        ready.whenComplete((loaded, failure) -> {
            if (loaded != null) {
                closer.execute(() -> close(loaded.model()));
            }
        });
    }

    int references() {
        return references.get();
    }

    private void close(LoadedModel loadedModel) {
        try {
            loadedModel.close();
            log.debug("closed model {}", digest);
        } catch (RuntimeException e) {
            log.warn("closing model {} failed: {}", digest, e.getMessage(), e);
        }
    }
}

package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The loaded models, keyed by artifact digest: two deployments, or two releases, with the same
 * digest share one {@link SharedModel}. A model stays here while anything holds a reference.
 */
final class ModelCache {
    /** A retained model, and whether the caller must start loading it. */
    record Acquired(SharedModel model, boolean loadNeeded) {}

    private final Map<String, SharedModel> models = new HashMap<>();
    private final Executor closer;

    ModelCache(Executor closer) {
        this.closer = requireNonNull(closer, "closer is null");
    }

    /** Retains the cached model with this digest, or creates (and retains) a new entry to load. */
    synchronized Acquired acquire(String digest) {
        SharedModel existing = models.get(digest);
        if (existing != null && existing.tryRetain()) {
            return new Acquired(existing, false);
        }
        SharedModel created = new SharedModel(digest, this::evict, closer);
        models.put(digest, created);
        return new Acquired(created, true);
    }

    /** Forgets a model (retired, or failed to load) unless a newer entry took its digest. */
    synchronized void evict(SharedModel model) {
        models.remove(model.digest(), model);
    }

    /** Models loaded and warmed (not the ones still loading). */
    synchronized int loadedCount() {
        int count = 0;
        for (SharedModel model : models.values()) {
            if (model.isLoaded()) {
                count++;
            }
        }
        return count;
    }

    synchronized List<SharedModel> models() {
        return List.copyOf(models.values());
    }
}

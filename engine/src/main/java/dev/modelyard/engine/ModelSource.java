package dev.modelyard.engine;

import dev.modelyard.core.runtime.LoadedModel;

/**
 * How the engine gets a model: implemented by whoever embeds the engine (the server fetches the
 * artifact from its blob store, picks the runtime the manifest names and loads it). The engine
 * knows nothing of blob stores, databases or runtimes beyond {@link LoadedModel}.
 *
 * <p>Called on one of the engine's loader threads, never on a caller's thread, so it may block
 * (download, unpack, native load). Called at most once at a time per digest; distinct digests load
 * concurrently, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface ModelSource {
    /**
     * Loads the model the target names. Throws {@link dev.modelyard.core.runtime.ModelLoadException}
     * with the runtime's own message when it cannot; the message becomes the deployment's failure
     * reason.
     */
    LoadedModel load(ServingTarget target);
}

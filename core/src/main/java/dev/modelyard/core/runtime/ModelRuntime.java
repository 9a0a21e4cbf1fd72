package dev.modelyard.core.runtime;

import dev.modelyard.core.modelpackage.RuntimeName;

/**
 * Executes models in-process. One implementation per runtime (ONNX Runtime, XGBoost, …), chosen by
 * the runtime the model's manifest names. Implementations are thread-safe.
 */
public interface ModelRuntime {
    RuntimeName runtime();

    /**
     * Loads and validates a model. Throws {@link ModelLoadException} with the runtime's own message
     * when the model cannot be loaded.
     */
    LoadedModel load(ModelArtifact artifact, RuntimeOptions options);
}

package dev.modelyard.core.runtime;

import dev.modelyard.core.modelpackage.Signature;
import java.util.List;
import java.util.Set;

/**
 * A model loaded into a runtime, ready to predict. {@link #predict} is thread-safe; {@link #close}
 * frees native memory and must only be called once no prediction is running.
 */
public interface LoadedModel extends AutoCloseable {
    /** The inputs and outputs as the runtime sees them (dynamic dimensions are -1). */
    Signature signature();

    /**
     * Runs one batch. {@code inputs} are named as the signature's inputs; {@code outputs} names the
     * outputs wanted (empty: all). Throws {@link InvalidInputException} when the inputs do not fit
     * the model (wrong name, type or shape), {@link ModelExecutionException} when the runtime fails.
     */
    List<Tensor> predict(List<Tensor> inputs, Set<String> outputs);

    @Override
    void close();
}

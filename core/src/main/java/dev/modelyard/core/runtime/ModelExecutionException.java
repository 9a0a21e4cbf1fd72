package dev.modelyard.core.runtime;

/** The runtime failed while predicting on inputs that fit the model's signature. */
public class ModelExecutionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelExecutionException(String message) {
        super(message);
    }

    public ModelExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.modelyard.core.runtime;

/** Inputs that do not fit the model: a wrong name, type or shape. Callers answer 400. */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

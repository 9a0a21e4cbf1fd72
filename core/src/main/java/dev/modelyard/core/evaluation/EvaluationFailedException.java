package dev.modelyard.core.evaluation;

/**
 * An evaluation that cannot complete, with the reason a person reads on the job (a column the
 * dataset lacks, a label outside the classes, a model that fails on a batch).
 */
public final class EvaluationFailedException extends RuntimeException {
    public EvaluationFailedException(String message) {
        super(message);
    }

    public EvaluationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.modelyard.core.monitoring.monitor;

/** Why a monitor's value could not be computed; stored as the message of an {@code error} result. */
public final class MonitorEvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MonitorEvaluationException(String message) {
        super(message);
    }
}

package dev.modelyard.core.evaluation;

import java.time.Duration;

/**
 * How evaluation jobs run.
 *
 * @param workers jobs run at once by this server
 * @param pollInterval how often an idle worker looks for jobs queued by another server
 * @param heartbeatInterval how often a running job shows it is alive
 * @param staleAfter a running job with no heartbeat for this long is taken back (its server
 *     stopped): queued again, or failed after {@code maxAttempts}
 * @param maxAttempts how many times a job is started before it fails
 */
public record EvaluationWorkerConfig(
        int workers, Duration pollInterval, Duration heartbeatInterval, Duration staleAfter, int maxAttempts) {
    public EvaluationWorkerConfig {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive");
        }
        if (staleAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("staleAfter must be at least twice the heartbeat interval");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static EvaluationWorkerConfig defaults() {
        return new EvaluationWorkerConfig(1, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30), 2);
    }
}

package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How monitors run and alerts are delivered.
 *
 * @param pollInterval how often the runner looks for monitors whose schedule fired, and the
 *     longest an idle delivery worker waits before looking for deliveries made by other servers
 * @param webhookTimeout how long one delivery attempt may take (connecting and answering)
 * @param webhookMaxAttempts attempts before a delivery fails for good
 * @param webhookBackoff the wait after the first failed attempt; it doubles after each further one
 * @param webhookMaxBackoff the longest wait between attempts
 */
public record MonitorConfig(
        Duration pollInterval,
        Duration webhookTimeout,
        int webhookMaxAttempts,
        Duration webhookBackoff,
        Duration webhookMaxBackoff) {
    public MonitorConfig {
        requirePositive("pollInterval", pollInterval);
        requirePositive("webhookTimeout", webhookTimeout);
        if (webhookMaxAttempts < 1) {
            throw new IllegalArgumentException("webhookMaxAttempts must be at least 1");
        }
        requirePositive("webhookBackoff", webhookBackoff);
        requirePositive("webhookMaxBackoff", webhookMaxBackoff);
        if (webhookMaxBackoff.compareTo(webhookBackoff) < 0) {
            throw new IllegalArgumentException("webhookMaxBackoff must be at least webhookBackoff");
        }
    }

    public static MonitorConfig defaults() {
        return new MonitorConfig(
                Duration.ofSeconds(10), Duration.ofSeconds(10), 6, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    /** The wait after failed attempt {@code attempt} (1 for the first): backoff × 2^(attempt−1), capped. */
    public Duration backoffAfter(int attempt) {
        Duration wait = webhookBackoff;
        for (int doubling = 1; doubling < attempt && wait.compareTo(webhookMaxBackoff) < 0; doubling++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(webhookMaxBackoff) > 0 ? webhookMaxBackoff : wait;
    }

    private static void requirePositive(String name, Duration duration) {
        requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}

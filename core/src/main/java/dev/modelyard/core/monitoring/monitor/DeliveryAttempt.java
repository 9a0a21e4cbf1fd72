package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One try to send a webhook delivery, as the delivery log shows it.
 *
 * @param number 1 for the first attempt
 * @param statusCode the receiver's HTTP status, when it answered
 * @param error why the attempt failed (a non-2xx status, a timeout, a refused connection); empty
 *     when it succeeded
 */
public record DeliveryAttempt(
        String deliveryId,
        int number,
        Instant startedAt,
        long durationMillis,
        Optional<Integer> statusCode,
        Optional<String> error) {
    public DeliveryAttempt {
        requireNonNull(deliveryId, "deliveryId is null");
        if (number < 1) {
            throw new IllegalArgumentException("number must be positive");
        }
        requireNonNull(startedAt, "startedAt is null");
        if (durationMillis < 0) {
            throw new IllegalArgumentException("durationMillis must not be negative");
        }
        requireNonNull(statusCode, "statusCode is null");
        requireNonNull(error, "error is null");
    }
}

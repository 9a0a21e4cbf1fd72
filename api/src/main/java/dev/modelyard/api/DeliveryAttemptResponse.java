package dev.modelyard.api;

import java.time.Instant;

/** One attempt of a webhook delivery: the receiver's status code, or the error, and how long it took. */
public record DeliveryAttemptResponse(
        int number, Instant startedAt, long durationMs, Integer statusCode, String error) {}

package dev.modelyard.api;

import java.time.Instant;
import java.util.List;

/**
 * One alert sent (or being sent) to one webhook: {@code state} {@code pending}, {@code succeeded}
 * or {@code failed}; {@code next_attempt_at} while pending; every attempt, first first.
 */
public record WebhookDeliveryResponse(
        String id,
        String resultId,
        String webhookId,
        String url,
        String event,
        String state,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant finishedAt,
        List<DeliveryAttemptResponse> attempts) {}

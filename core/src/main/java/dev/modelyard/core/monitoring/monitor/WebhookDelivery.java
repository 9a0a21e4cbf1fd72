package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One alert to send to one webhook, retried until the receiver answers 2xx or the attempts run out.
 * The body is fixed when the delivery is made, so every attempt sends the same bytes; the timestamp
 * and signature are made per attempt.
 *
 * @param event {@code monitor.alert} or {@code monitor.warning}
 * @param payload the JSON body
 * @param attempts attempts started so far
 * @param nextAttemptAt when a pending delivery is tried next (while an attempt runs: when it counts
 *     as lost, so another worker may take it over)
 * @param lastError why the last attempt failed
 */
public record WebhookDelivery(
        String id,
        String monitorId,
        String resultId,
        String webhookId,
        String url,
        String event,
        String payload,
        DeliveryState state,
        int attempts,
        Instant nextAttemptAt,
        Optional<String> lastError,
        Instant createdAt,
        Optional<Instant> finishedAt) {
    public static final String ALERT_EVENT = "monitor.alert";
    public static final String WARNING_EVENT = "monitor.warning";

    public WebhookDelivery {
        requireNonNull(id, "id is null");
        requireNonNull(monitorId, "monitorId is null");
        requireNonNull(resultId, "resultId is null");
        requireNonNull(webhookId, "webhookId is null");
        requireNonNull(url, "url is null");
        requireNonNull(event, "event is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(state, "state is null");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
        requireNonNull(nextAttemptAt, "nextAttemptAt is null");
        requireNonNull(lastError, "lastError is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
    }

    /** This delivery after an attempt: its new state, next attempt, error and end. */
    public WebhookDelivery after(
            DeliveryState newState, Instant next, Optional<String> error, Optional<Instant> finished) {
        return new WebhookDelivery(
                id, monitorId, resultId, webhookId, url, event, payload, newState, attempts, next, error, createdAt,
                finished);
    }
}

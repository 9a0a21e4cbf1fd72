package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.background.BackgroundLoop;
import dev.modelyard.core.tx.Transactions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pending webhook deliveries, one at a time on a background thread. Each attempt is taken with
 * a conditional update that counts it and leases the delivery for the attempt's timeout plus a
 * margin, so servers sharing the database never send one attempt twice, and an attempt whose server
 * stopped is retried once the lease ends. Every attempt is logged with its status code or error and
 * duration. A failed attempt is retried after {@link MonitorConfig#backoffAfter(int)} (1 s, 2 s, 4
 * s, … by default, capped), until {@link MonitorConfig#webhookMaxAttempts()} attempts failed.
 *
 * <p>A request carries the delivery's fixed JSON body and the headers {@code X-Modelyard-Event},
 * {@code X-Modelyard-Delivery} (the delivery id, the same on every attempt), {@code
 * X-Modelyard-Timestamp} (Unix seconds of this attempt) and {@code X-Modelyard-Signature} (see
 * {@link WebhookSignature}). Only a 2xx answer succeeds; redirects are not followed.
 */
public final class WebhookDeliveryWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveryWorker.class);
    private static final int DUE_BATCH = 20;
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    private static final int MAX_ERROR_LENGTH = 500;

    private final Transactions transactions;
    private final WebhookSender sender;
    private final MonitorConfig config;
    private final Clock clock;
    private final BackgroundLoop loop;

    public WebhookDeliveryWorker(Transactions transactions, WebhookSender sender, MonitorConfig config, Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.sender = requireNonNull(sender, "sender is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.loop = new BackgroundLoop("modelyard-webhooks", this::round, config.pollInterval());
    }

    public void start() {
        loop.start();
    }

    /** Lets the worker look for deliveries now (some were just made). */
    public void wakeUp() {
        loop.wakeUp();
    }

    @Override
    public void close() {
        loop.close();
    }

    /** One round: attempt what is due, then wait until the next attempt is due (at most the poll interval). */
    private Duration round() {
        deliverDue();
        Optional<Instant> next = transactions.read(stores -> stores.monitors().nextDeliveryDue());
        Duration wait = config.pollInterval();
        if (next.isPresent()) {
            Duration untilNext = Duration.between(clock.instant(), next.get()).plusMillis(1);
            wait = untilNext.compareTo(wait) < 0 ? untilNext : wait;
        }
        return wait;
    }

    /** Makes one attempt of every delivery that is due; returns how many attempts were made. */
    public int deliverDue() {
        int attempts = 0;
        List<WebhookDelivery> due =
                transactions.read(stores -> stores.monitors().listDueDeliveries(clock.instant(), DUE_BATCH));
        for (WebhookDelivery delivery : due) {
            if (loop.closed()) {
                break;
            }
            if (attempt(delivery)) {
                attempts++;
            }
        }
        return attempts;
    }

    private boolean attempt(WebhookDelivery delivery) {
        Instant now = clock.instant();
        if (delivery.attempts() >= config.webhookMaxAttempts()) {
            // the last attempt's server stopped before it recorded the outcome
            transactions.inTransaction(stores -> {
                if (stores.monitors()
                        .claimDelivery(delivery.id(), delivery.nextAttemptAt(), delivery.attempts(), now)) {
                    stores.monitors()
                            .updateDelivery(delivery.after(
                                    DeliveryState.FAILED,
                                    now,
                                    Optional.of("the server stopped during the last attempt"),
                                    Optional.of(now)));
                }
                return null;
            });
            return false;
        }
        Instant lease = now.plus(config.webhookTimeout()).plus(LEASE_MARGIN);
        record Claim(boolean claimed, Optional<Webhook> webhook) {}
        Claim claim = transactions.inTransaction(stores -> {
            if (!stores.monitors().claimDelivery(delivery.id(), delivery.nextAttemptAt(), delivery.attempts(), lease)) {
                return new Claim(false, Optional.empty());
            }
            return new Claim(
                    true,
                    stores.monitors()
                            .findMonitorById(delivery.monitorId())
                            .flatMap(monitor -> monitor.webhook(delivery.webhookId())));
        });
        if (!claim.claimed()) {
            return false;
        }
        int number = delivery.attempts() + 1;
        if (claim.webhook().isEmpty()) {
            finish(
                    delivery,
                    new DeliveryAttempt(
                            delivery.id(),
                            number,
                            now,
                            0,
                            Optional.empty(),
                            Optional.of("the webhook was removed from the monitor")),
                    true);
            return true;
        }
        Webhook webhook = claim.webhook().get();
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        Instant started = clock.instant();
        String timestamp = Long.toString(started.getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSignature.EVENT_HEADER, delivery.event());
        headers.put(WebhookSignature.DELIVERY_HEADER, delivery.id());
        headers.put(WebhookSignature.TIMESTAMP_HEADER, timestamp);
        headers.put(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(webhook.secret(), timestamp, body));
        long startNanos = System.nanoTime();
        WebhookSender.Answer answer;
        try {
            answer = sender.post(delivery.url(), headers, body, config.webhookTimeout());
        } catch (RuntimeException e) {
            answer = WebhookSender.Answer.failure("could not send: " + e.getMessage());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        WebhookSender.Answer received = answer;
        Optional<String> error = received.succeeded()
                ? Optional.empty()
                : Optional.of(received.error()
                        .orElseGet(() -> describeStatus(received.statusCode().orElse(0))));
        finish(
                delivery,
                new DeliveryAttempt(
                        delivery.id(),
                        number,
                        started,
                        millis,
                        received.statusCode(),
                        error.map(WebhookDeliveryWorker::truncate)),
                error.isPresent() && number >= config.webhookMaxAttempts());
        return true;
    }

    private void finish(WebhookDelivery delivery, DeliveryAttempt attempt, boolean finalFailure) {
        Instant now = clock.instant();
        WebhookDelivery after;
        if (attempt.error().isEmpty()) {
            after = delivery.after(DeliveryState.SUCCEEDED, now, Optional.empty(), Optional.of(now));
        } else if (finalFailure) {
            after = delivery.after(DeliveryState.FAILED, now, attempt.error(), Optional.of(now));
        } else {
            Instant next = now.plus(config.backoffAfter(attempt.number()));
            after = delivery.after(DeliveryState.PENDING, next, attempt.error(), Optional.empty());
        }
        transactions.inTransaction(stores -> {
            stores.monitors().insertAttempt(attempt);
            stores.monitors().updateDelivery(after);
            return null;
        });
        if (after.state() == DeliveryState.FAILED) {
            LOG.info(
                    "webhook delivery {} to {} failed for good after {} attempt(s): {}",
                    delivery.id(),
                    delivery.url(),
                    attempt.number(),
                    attempt.error().orElse(""));
        }
    }

    private static String describeStatus(int status) {
        return "the receiver answered " + status + (status / 100 == 3 ? " (redirects are not followed)" : "");
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "…";
    }
}

package dev.modelyard.api;

import java.util.List;
import java.util.Map;

/**
 * A scheduled check of a deployment: {@code kind} ({@code error_rate}, {@code latency_p50}, {@code
 * latency_p99}, {@code calls}, {@code drift}), {@code schedule} (five-field cron, UTC), {@code
 * window} and {@code step} (durations such as {@code 15m}; step defaults to the window), the kind's
 * {@code parameters}, {@code thresholds}, {@code webhooks}, and {@code enabled} (default true).
 */
public record CreateMonitorRequest(
        String name,
        String kind,
        String schedule,
        String window,
        String step,
        Map<String, String> parameters,
        ThresholdsSpec thresholds,
        List<WebhookSpec> webhooks,
        Boolean enabled) {}

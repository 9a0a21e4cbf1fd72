package dev.modelyard.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A monitor; {@code next_run_at} is when its schedule fires next (UTC). */
public record MonitorResponse(
        String id,
        String name,
        String deployment,
        String kind,
        String schedule,
        String window,
        String step,
        Map<String, String> parameters,
        ThresholdsSpec thresholds,
        List<WebhookResponse> webhooks,
        boolean enabled,
        Instant nextRunAt,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {}

package dev.modelyard.api;

import java.util.List;
import java.util.Map;

/**
 * Changes a monitor: fields left out keep their value; {@code parameters} and {@code webhooks},
 * when given, replace the whole map or list (a webhook whose URL the monitor has keeps its secret
 * when none is given).
 */
public record UpdateMonitorRequest(
        String kind,
        String schedule,
        String window,
        String step,
        Map<String, String> parameters,
        ThresholdsSpec thresholds,
        List<WebhookSpec> webhooks,
        Boolean enabled) {}

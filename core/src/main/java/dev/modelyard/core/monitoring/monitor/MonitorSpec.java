package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an owner asks for when creating or changing a monitor, as given (validated by {@link
 * MonitorService}). On a change, an absent field keeps the monitor's value; a given list or map
 * replaces it.
 *
 * @param window a duration such as {@code 1h} (see {@link MonitorDurations})
 * @param step a duration; empty on creation: the window (windows side by side)
 */
public record MonitorSpec(
        Optional<String> kind,
        Optional<String> schedule,
        Optional<String> window,
        Optional<String> step,
        Optional<Map<String, String>> parameters,
        Optional<ThresholdsSpec> thresholds,
        Optional<List<WebhookSpec>> webhooks,
        Optional<Boolean> enabled) {
    public MonitorSpec {
        requireNonNull(kind, "kind is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(window, "window is null");
        requireNonNull(step, "step is null");
        requireNonNull(parameters, "parameters is null");
        requireNonNull(thresholds, "thresholds is null");
        requireNonNull(webhooks, "webhooks is null");
        requireNonNull(enabled, "enabled is null");
    }

    /** The thresholds as given; direction empty: {@code above}. */
    public record ThresholdsSpec(Optional<String> direction, Optional<Double> warning, Optional<Double> alert) {
        public ThresholdsSpec {
            requireNonNull(direction, "direction is null");
            requireNonNull(warning, "warning is null");
            requireNonNull(alert, "alert is null");
        }
    }

    /**
     * A webhook as given. On a change, a webhook whose URL the monitor already has keeps its id, and
     * its secret when none is given.
     */
    public record WebhookSpec(Optional<String> url, Optional<String> secret, Optional<Boolean> includeWarnings) {
        public WebhookSpec {
            requireNonNull(url, "url is null");
            requireNonNull(secret, "secret is null");
            requireNonNull(includeWarnings, "includeWarnings is null");
        }
    }
}

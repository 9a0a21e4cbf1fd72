package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.Names;
import dev.modelyard.core.user.UserRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scheduled check of one deployment. Each time {@code schedule} fires, the monitor computes its
 * value over windows {@code window} wide whose ends fall on multiples of {@code step} (counted from
 * the epoch, UTC), stores each as a {@link MonitorResult}, and sends alerts to its webhooks.
 *
 * @param name unique within the deployment
 * @param parameters what the kind needs besides the window ({@code drift}: the baseline, optionally
 *     one feature and statistic); keys sorted
 * @param nextRunAt when the schedule fires next (kept while disabled; recomputed when enabled)
 */
public record Monitor(
        String id,
        String projectId,
        String deploymentId,
        String name,
        MonitorKind kind,
        CronSchedule schedule,
        Duration window,
        Duration step,
        Map<String, String> parameters,
        Thresholds thresholds,
        List<Webhook> webhooks,
        boolean enabled,
        Instant nextRunAt,
        UserRef createdBy,
        Instant createdAt,
        Instant updatedAt) {
    public Monitor {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(deploymentId, "deploymentId is null");
        Names.requireValid("monitor", name);
        requireNonNull(kind, "kind is null");
        requireNonNull(schedule, "schedule is null");
        requirePositive("window", window);
        requirePositive("step", step);
        parameters = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(parameters, "parameters is null")));
        requireNonNull(thresholds, "thresholds is null");
        webhooks = List.copyOf(requireNonNull(webhooks, "webhooks is null"));
        requireNonNull(nextRunAt, "nextRunAt is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** This monitor with its schedule's next firing moved. */
    public Monitor withNextRunAt(Instant next) {
        return new Monitor(
                id,
                projectId,
                deploymentId,
                name,
                kind,
                schedule,
                window,
                step,
                parameters,
                thresholds,
                webhooks,
                enabled,
                next,
                createdBy,
                createdAt,
                updatedAt);
    }

    /** The webhook with this id, if the monitor still has it. */
    public java.util.Optional<Webhook> webhook(String webhookId) {
        return webhooks.stream()
                .filter(webhook -> webhook.id().equals(webhookId))
                .findFirst();
    }

    /** The state the audit log keeps: everything but webhook secrets. */
    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", name);
        state.put("kind", kind.id());
        state.put("schedule", schedule.expression());
        state.put("window", MonitorDurations.format(window));
        state.put("step", MonitorDurations.format(step));
        state.put("parameters", parameters);
        state.put("thresholds", thresholds.describe());
        state.put("webhooks", webhooks.stream().map(Webhook::describe).toList());
        state.put("enabled", enabled);
        return state;
    }

    private static void requirePositive(String name, Duration duration) {
        requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}

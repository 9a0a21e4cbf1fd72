package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One point of a monitor's time series: its value over the calls answered at or after {@code
 * windowStart} and before {@code windowEnd}.
 *
 * @param value empty when the status is {@link MonitorStatus#NO_DATA} or {@link MonitorStatus#ERROR}
 * @param details what the value was computed from (counts, per-feature drift, the reason for an
 *     error); JSON-like values only (strings, numbers, booleans, lists, maps, null)
 */
public record MonitorResult(
        String id,
        String monitorId,
        Instant windowStart,
        Instant windowEnd,
        Optional<Double> value,
        MonitorStatus status,
        Map<String, Object> details,
        RunTrigger trigger,
        Instant computedAt) {
    public MonitorResult {
        requireNonNull(id, "id is null");
        requireNonNull(monitorId, "monitorId is null");
        requireNonNull(windowStart, "windowStart is null");
        requireNonNull(windowEnd, "windowEnd is null");
        if (!windowStart.isBefore(windowEnd)) {
            throw new IllegalArgumentException("windowStart must be before windowEnd");
        }
        requireNonNull(value, "value is null");
        requireNonNull(status, "status is null");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(details, "details is null")));
        requireNonNull(trigger, "trigger is null");
        requireNonNull(computedAt, "computedAt is null");
    }
}

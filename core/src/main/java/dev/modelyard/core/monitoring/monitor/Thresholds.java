package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When a monitor's value is a warning or an alert. With {@link ThresholdDirection#ABOVE} a value at
 * or above {@code alert} is an alert, else at or above {@code warning} a warning; {@link
 * ThresholdDirection#BELOW} mirrors it. Either threshold may be absent; when both are given the
 * warning comes first on the way to the alert (below it for {@code ABOVE}, above it for {@code
 * BELOW}).
 */
public record Thresholds(ThresholdDirection direction, Optional<Double> warning, Optional<Double> alert) {
    public Thresholds {
        requireNonNull(direction, "direction is null");
        requireNonNull(warning, "warning is null");
        requireNonNull(alert, "alert is null");
        warning.ifPresent(value -> requireFinite("warning", value));
        alert.ifPresent(value -> requireFinite("alert", value));
        if (warning.isPresent() && alert.isPresent()) {
            boolean ordered =
                    direction == ThresholdDirection.ABOVE ? warning.get() < alert.get() : warning.get() > alert.get();
            if (!ordered) {
                throw new IllegalArgumentException("with direction '" + direction.id() + "' the warning threshold ("
                        + warning.get() + ") must be " + (direction == ThresholdDirection.ABOVE ? "below" : "above")
                        + " the alert threshold (" + alert.get() + ")");
            }
        }
    }

    /** No thresholds: every value is {@link MonitorStatus#OK}. */
    public static Thresholds none() {
        return new Thresholds(ThresholdDirection.ABOVE, Optional.empty(), Optional.empty());
    }

    /** The status of a computed value. */
    public MonitorStatus statusOf(double value) {
        if (alert.isPresent() && reaches(value, alert.get())) {
            return MonitorStatus.ALERT;
        }
        if (warning.isPresent() && reaches(value, warning.get())) {
            return MonitorStatus.WARNING;
        }
        return MonitorStatus.OK;
    }

    public Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("direction", direction.id());
        described.put("warning", warning.orElse(null));
        described.put("alert", alert.orElse(null));
        return described;
    }

    private boolean reaches(double value, double threshold) {
        return switch (direction) {
            case ABOVE -> value >= threshold;
            case BELOW -> value <= threshold;
        };
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the " + name + " threshold must be a finite number");
        }
    }
}

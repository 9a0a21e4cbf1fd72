package dev.modelyard.core.objective;

import static java.util.Objects.requireNonNull;

/** A metric that ranks an objective's models; exactly one of an objective's metrics is primary. */
public record Metric(String name, MetricDirection direction, boolean primary) {
    public Metric {
        requireNonNull(name, "name is null");
        requireNonNull(direction, "direction is null");
    }
}

package dev.modelyard.core.evaluation;

import java.util.Locale;

/** Where a metric set came from. */
public enum MetricSource {
    /** Computed by an evaluation job. */
    EVALUATION,
    /** Computed elsewhere and posted by a client. */
    AD_HOC;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MetricSource fromId(String id) {
        for (MetricSource source : values()) {
            if (source.id().equals(id)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown metric source " + id);
    }
}

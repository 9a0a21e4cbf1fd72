package dev.modelyard.core.monitoring.monitor;

import java.util.Locale;

/** How one window of a monitor came out. */
public enum MonitorStatus {
    /** A value on the good side of every threshold (or a monitor without thresholds). */
    OK,
    /** At or past the warning threshold, not the alert threshold. */
    WARNING,
    /** At or past the alert threshold. */
    ALERT,
    /** The window held nothing to compute a value from (no calls, no usable inputs). */
    NO_DATA,
    /** The value could not be computed (a missing baseline, say); the details say why. */
    ERROR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MonitorStatus fromId(String id) {
        for (MonitorStatus status : values()) {
            if (status.id().equals(id)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown monitor status " + id);
    }
}

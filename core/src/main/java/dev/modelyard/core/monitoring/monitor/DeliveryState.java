package dev.modelyard.core.monitoring.monitor;

import java.util.Locale;

/** Where a webhook delivery stands. {@code SUCCEEDED} and {@code FAILED} are final. */
public enum DeliveryState {
    /** Waiting for its next attempt (the first, or a retry after a failed one). */
    PENDING,
    /** The receiver answered 2xx. */
    SUCCEEDED,
    /** Every attempt failed, or the webhook was removed before it could be delivered. */
    FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryState fromId(String id) {
        for (DeliveryState state : values()) {
            if (state.id().equals(id)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown delivery state " + id);
    }
}

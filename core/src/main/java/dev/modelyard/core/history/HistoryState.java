package dev.modelyard.core.history;

import java.util.Locale;

/** Whether a deployment's inference history records. {@code REMOVED} is final. */
public enum HistoryState {
    RECORDING,
    PAUSED,
    REMOVED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HistoryState fromId(String id) {
        for (HistoryState state : values()) {
            if (state.id().equals(id)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown history state " + id);
    }
}

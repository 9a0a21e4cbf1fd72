package dev.modelyard.core.monitoring.monitor;

import java.util.Locale;

/** Why a monitor result was computed: its schedule fired, or someone asked to run it now. */
public enum RunTrigger {
    SCHEDULED,
    MANUAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunTrigger fromId(String id) {
        for (RunTrigger trigger : values()) {
            if (trigger.id().equals(id)) {
                return trigger;
            }
        }
        throw new IllegalArgumentException("unknown run trigger " + id);
    }
}

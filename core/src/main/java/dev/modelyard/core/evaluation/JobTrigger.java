package dev.modelyard.core.evaluation;

import java.util.Locale;

/** What made an evaluation job. */
public enum JobTrigger {
    /** A new submission is evaluated on every evaluation dataset. */
    SUBMISSION,
    /** Somebody asked for it. */
    ON_DEMAND,
    /** A new version of an evaluation dataset followed with the latest policy. */
    NEW_DATASET_VERSION;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobTrigger fromId(String id) {
        for (JobTrigger trigger : values()) {
            if (trigger.id().equals(id)) {
                return trigger;
            }
        }
        throw new IllegalArgumentException("unknown job trigger " + id);
    }
}

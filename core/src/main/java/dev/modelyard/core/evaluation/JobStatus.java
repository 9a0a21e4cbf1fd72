package dev.modelyard.core.evaluation;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Locale;
import java.util.Map;

/** Where an evaluation job stands. {@code SUCCEEDED} and {@code FAILED} are final. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return switch (this) {
            case SUCCEEDED, FAILED -> true;
            case QUEUED, RUNNING -> false;
        };
    }

    public static JobStatus fromId(String id) {
        for (JobStatus status : values()) {
            if (status.id().equals(id)) {
                return status;
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "job status '" + id + "' is not one of [queued, running, succeeded, failed]",
                Map.of("parameter", "status"));
    }
}

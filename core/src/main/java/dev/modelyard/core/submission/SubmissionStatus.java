package dev.modelyard.core.submission;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** Where a submission stands in review. {@code REJECTED} and {@code WITHDRAWN} are final. */
public enum SubmissionStatus {
    OPEN,
    APPROVED,
    CHANGES_REQUESTED,
    REJECTED,
    WITHDRAWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean terminal() {
        return switch (this) {
            case REJECTED, WITHDRAWN -> true;
            case OPEN, APPROVED, CHANGES_REQUESTED -> false;
        };
    }

    public static SubmissionStatus fromId(String id) {
        return Arrays.stream(values())
                .filter(status -> status.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.INVALID_REQUEST,
                        "status '" + id + "' is not one of "
                                + Arrays.stream(values())
                                        .map(SubmissionStatus::id)
                                        .toList(),
                        Map.of("parameter", "status")));
    }
}

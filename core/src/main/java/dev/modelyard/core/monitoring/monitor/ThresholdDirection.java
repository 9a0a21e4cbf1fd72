package dev.modelyard.core.monitoring.monitor;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Locale;
import java.util.Map;

/** Which side of a threshold is bad: values at or {@code ABOVE} it, or at or {@code BELOW} it. */
public enum ThresholdDirection {
    ABOVE,
    BELOW;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ThresholdDirection fromId(String id) {
        for (ThresholdDirection direction : values()) {
            if (direction.id().equals(id)) {
                return direction;
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "threshold direction '" + id + "' is not 'above' or 'below'",
                Map.of("field", "thresholds.direction"));
    }
}

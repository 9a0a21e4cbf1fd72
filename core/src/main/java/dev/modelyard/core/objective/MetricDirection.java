package dev.modelyard.core.objective;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Locale;
import java.util.Map;

/** Whether a larger or a smaller value of a metric is better. */
public enum MetricDirection {
    MAXIMIZE,
    MINIMIZE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when {@code candidate} is better than {@code reference} by this direction. */
    public boolean better(double candidate, double reference) {
        return switch (this) {
            case MAXIMIZE -> candidate > reference;
            case MINIMIZE -> candidate < reference;
        };
    }

    public static MetricDirection fromId(String id) {
        for (MetricDirection direction : values()) {
            if (direction.id().equals(id)) {
                return direction;
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "direction '" + id + "' is not one of [maximize, minimize]",
                Map.of("field", "direction"));
    }
}

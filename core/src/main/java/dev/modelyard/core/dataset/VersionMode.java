package dev.modelyard.core.dataset;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Locale;
import java.util.Map;

/**
 * How a version relates to the one before it: a {@link #SNAPSHOT} holds the whole table; an
 * {@link #APPEND} holds the rows of the previous version followed by its own (same schema), as
 * batch outputs and inference histories grow.
 */
public enum VersionMode {
    SNAPSHOT,
    APPEND;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VersionMode fromId(String id) {
        for (VersionMode mode : values()) {
            if (mode.id().equals(id)) {
                return mode;
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "mode '" + id + "' is not one of snapshot, append",
                Map.of("parameter", "mode"));
    }
}

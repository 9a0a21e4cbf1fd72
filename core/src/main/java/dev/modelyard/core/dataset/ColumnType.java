package dev.modelyard.core.dataset;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** The types a dataset column can have; every stored version uses only these. */
public enum ColumnType {
    BIGINT,
    DOUBLE,
    VARCHAR,
    BOOLEAN,
    DATE,
    TIMESTAMP;

    /** The name on the wire and in SQL, e.g. {@code BIGINT}. */
    public String id() {
        return name();
    }

    /** Whether values are numbers (read as {@code double} by {@link ColumnBatch}). */
    public boolean numeric() {
        return switch (this) {
            case BIGINT, DOUBLE -> true;
            case VARCHAR, BOOLEAN, DATE, TIMESTAMP -> false;
        };
    }

    /** Parses a type name, case-insensitively; {@link ErrorCode#INVALID_REQUEST} naming the valid ones otherwise. */
    public static ColumnType fromId(String column, String id) {
        if (id != null) {
            for (ColumnType type : values()) {
                if (type.name().equals(id.strip().toUpperCase(Locale.ROOT))) {
                    return type;
                }
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "the schema gives column '" + column + "' the type '" + id + "'; use one of "
                        + Arrays.toString(values()),
                Map.of("column", column, "type", String.valueOf(id)));
    }
}

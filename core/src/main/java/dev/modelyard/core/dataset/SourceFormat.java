package dev.modelyard.core.dataset;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Locale;
import java.util.Map;

/** The file formats a version is uploaded in, and downloaded as. Versions are always stored as Parquet. */
public enum SourceFormat {
    CSV,
    PARQUET;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String extension() {
        return switch (this) {
            case CSV -> ".csv";
            case PARQUET -> ".parquet";
        };
    }

    public String contentType() {
        return switch (this) {
            case CSV -> "text/csv; charset=utf-8";
            case PARQUET -> "application/vnd.apache.parquet";
        };
    }

    public static SourceFormat fromId(String parameter, String id) {
        for (SourceFormat format : values()) {
            if (format.id().equals(id)) {
                return format;
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                parameter + " '" + id + "' is not one of csv, parquet",
                Map.of("parameter", parameter));
    }
}

package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.model.UploadedFile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An uploaded table file already streamed to staging, with what came beside it: the format (when
 * absent, told from the file name, then from the content), explicit column types, and the mode.
 */
public record DatasetUpload(
        UploadedFile file, Optional<SourceFormat> format, Map<String, ColumnType> typeOverrides, VersionMode mode) {
    public DatasetUpload {
        requireNonNull(file, "file is null");
        requireNonNull(format, "format is null");
        typeOverrides = Collections.unmodifiableMap(
                new LinkedHashMap<>(requireNonNull(typeOverrides, "typeOverrides is null")));
        requireNonNull(mode, "mode is null");
    }
}

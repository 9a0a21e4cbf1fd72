package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What to turn into a stored Parquet file: the uploaded {@code source} in {@code format}, with
 * column types forced by {@code typeOverrides} (the others inferred), or, when {@code
 * requiredSchema} is present (an append), exactly that schema. The result goes to {@code target}.
 */
public record IngestRequest(
        Path source,
        SourceFormat format,
        Map<String, ColumnType> typeOverrides,
        Optional<TableSchema> requiredSchema,
        Path target) {
    public IngestRequest {
        requireNonNull(source, "source is null");
        requireNonNull(format, "format is null");
        typeOverrides = Collections.unmodifiableMap(
                new LinkedHashMap<>(requireNonNull(typeOverrides, "typeOverrides is null")));
        requireNonNull(requiredSchema, "requiredSchema is null");
        requireNonNull(target, "target is null");
    }
}

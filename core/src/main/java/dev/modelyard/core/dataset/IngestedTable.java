package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

/** The Parquet file an ingest wrote: its schema and row count. */
public record IngestedTable(TableSchema schema, long rowCount) {
    public IngestedTable {
        requireNonNull(schema, "schema is null");
        if (rowCount < 0) {
            throw new IllegalArgumentException("rowCount must not be negative");
        }
    }
}

package dev.modelyard.core.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The port to the engine that reads uploaded tables and the stored Parquet files of versions.
 * Every method streams: memory stays bounded whatever the table's size (the engine may spill to
 * its own scratch folder). Methods block; call them off event loops.
 */
public interface TableEngine {
    /**
     * Reads an uploaded CSV or Parquet file and writes it to {@code request.target()} as Parquet,
     * with every column converted to a {@link ColumnType}.
     *
     * @throws InvalidTableException when the file is malformed, does not fit the requested types,
     *     or holds columns no {@link ColumnType} can represent; {@code target} is then left empty
     */
    IngestedTable ingest(IngestRequest request);

    /**
     * Writes rows to {@code target} as one Parquet file with exactly this schema. Values are
     * {@code String} (VARCHAR), {@code Long} (BIGINT), {@code Double} (DOUBLE), {@code Boolean},
     * {@code LocalDate} (DATE) and {@code Instant} (TIMESTAMP, stored as UTC), or null.
     *
     * @throws IllegalArgumentException when a row does not fit the schema
     */
    IngestedTable writeRows(TableSchema schema, List<Object[]> rows, Path target);

    /** Rows {@code offset} up to {@code offset + limit} of a version, in stored order. */
    TablePreview preview(DatasetVersion version, long offset, int limit);

    /** Summary statistics of every column. */
    TableSummary summarize(DatasetVersion version);

    /**
     * Writes the version's rows as one file in {@code format} (CSV with a header line, or Parquet)
     * to a new temporary file, which the caller deletes.
     */
    Path export(DatasetVersion version, SourceFormat format);

    /**
     * Hands the version's rows to {@code consumer} in batches of at most {@code batchRows} rows,
     * in stored order, holding only the requested {@code columns} (all of them when empty).
     *
     * @throws IllegalArgumentException when a column is not in the version's schema
     */
    void scan(DatasetVersion version, List<String> columns, int batchRows, Consumer<ColumnBatch> consumer);
}

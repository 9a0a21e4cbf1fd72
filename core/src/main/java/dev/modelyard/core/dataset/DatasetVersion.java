package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable version of a dataset. Its rows are those of {@code files}, in order: one file for a
 * {@link VersionMode#SNAPSHOT}; for an {@link VersionMode#APPEND}, the files of the previous
 * version followed by its own. {@code digest} and {@code sizeBytes} are those of the version's own
 * (last) Parquet file; {@code rowCount} counts every row of the version. The {@code source*}
 * fields describe the uploaded file.
 */
public record DatasetVersion(
        String id,
        String datasetId,
        int number,
        VersionMode mode,
        TableSchema schema,
        long rowCount,
        String digest,
        long sizeBytes,
        List<DataFile> files,
        SourceFormat sourceFormat,
        String sourceFileName,
        String sourceDigest,
        long sourceSizeBytes,
        UserRef createdBy,
        Instant createdAt) {
    public DatasetVersion {
        requireNonNull(id, "id is null");
        requireNonNull(datasetId, "datasetId is null");
        if (number < 1) {
            throw new IllegalArgumentException("number must be positive");
        }
        requireNonNull(mode, "mode is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(digest, "digest is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
        if (files.isEmpty() || !files.get(files.size() - 1).digest().equals(digest)) {
            throw new IllegalArgumentException("the last file must be the version's own file " + digest);
        }
        if (mode == VersionMode.SNAPSHOT && files.size() != 1) {
            throw new IllegalArgumentException("a snapshot has exactly one file");
        }
        if (files.stream().mapToLong(DataFile::rowCount).sum() != rowCount) {
            throw new IllegalArgumentException("rowCount must be the sum of the files' rows");
        }
        requireNonNull(sourceFormat, "sourceFormat is null");
        sourceFileName = sourceFileName == null ? "" : sourceFileName;
        requireNonNull(sourceDigest, "sourceDigest is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("number", number);
        state.put("mode", mode.id());
        state.put("row_count", rowCount);
        state.put("digest", digest);
        state.put("size_bytes", sizeBytes);
        state.put(
                "schema",
                schema.columns().stream()
                        .map(column -> column.name() + " " + column.type().id())
                        .toList());
        state.put("source_format", sourceFormat.id());
        state.put("source_file_name", sourceFileName);
        state.put("source_digest", sourceDigest);
        return state;
    }
}

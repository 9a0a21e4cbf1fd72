package dev.modelyard.api;

import java.time.Instant;
import java.util.List;

/**
 * An immutable dataset version, stored as Parquet: its schema, row count, the digest and size of
 * its own Parquet file, its mode (snapshot, or append to the previous version), and the uploaded
 * file it was made from.
 */
public record DatasetVersionResponse(
        String id,
        String project,
        String dataset,
        int number,
        String mode,
        List<DatasetColumnResponse> schema,
        long rowCount,
        String digest,
        long sizeBytes,
        int fileCount,
        String sourceFormat,
        String sourceFileName,
        String sourceDigest,
        long sourceSizeBytes,
        String createdBy,
        Instant createdAt) {}

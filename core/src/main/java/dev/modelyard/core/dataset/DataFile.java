package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

/** One Parquet file in the blob store holding some of a version's rows. */
public record DataFile(String digest, long sizeBytes, long rowCount) {
    public DataFile {
        requireNonNull(digest, "digest is null");
        if (sizeBytes < 0 || rowCount < 0) {
            throw new IllegalArgumentException("sizeBytes and rowCount must not be negative");
        }
    }
}

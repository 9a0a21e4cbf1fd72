package dev.modelyard.core.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage for artifacts and dataset files, keyed by SHA-256 (lowercase hex).
 * Uploads are first written to a staging file (hashed and size-limited while streaming by the
 * caller), then committed: the staged file becomes the blob, identical content is kept once.
 */
public interface BlobStore {
    /** A new, empty staging file on the same file system as the blobs, for one upload to stream into. */
    Path newStagingFile() throws IOException;

    /**
     * Makes a staged file durable as the blob {@code sha256}: flushed to disk and moved into place
     * atomically. The staged file is gone afterwards; if the blob already existed, the stored copy
     * is kept.
     */
    void commit(Path stagedFile, String sha256) throws IOException;

    boolean exists(String sha256);

    /** The blob's size in bytes; throws {@link java.nio.file.NoSuchFileException} when absent. */
    long size(String sha256) throws IOException;

    /** Opens the blob for reading; throws {@link java.nio.file.NoSuchFileException} when absent. */
    InputStream open(String sha256) throws IOException;

    /**
     * The blob as a local file that may be read in place (never written), when this store keeps
     * blobs as local files; empty otherwise, and then readers copy it through {@link #open}.
     */
    default Optional<Path> localFile(String sha256) {
        return Optional.empty();
    }

    /** Removes staging files left by uploads that never finished (for example after a crash). */
    int deleteAbandonedStagingFiles() throws IOException;
}

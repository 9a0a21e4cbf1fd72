package dev.modelyard.core.model;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An upload already streamed to a staging file of the blob store, with the SHA-256 and size
 * measured while it streamed, the client's file name, and an optional manifest sent beside it.
 */
public record UploadedFile(
        Path stagedFile, String sha256, long sizeBytes, String fileName, Optional<String> manifestText) {
    public UploadedFile {
        requireNonNull(stagedFile, "stagedFile is null");
        requireNonNull(sha256, "sha256 is null");
        fileName = fileName == null ? "" : fileName;
        requireNonNull(manifestText, "manifestText is null");
    }
}

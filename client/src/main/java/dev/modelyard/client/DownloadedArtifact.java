package dev.modelyard.client;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A file downloaded to disk (a model version's artifact, a release bundle): where, how many bytes,
 * the SHA-256 computed while writing, and the checksum the server announced in {@code
 * X-Checksum-Sha256} (when it did).
 */
public record DownloadedArtifact(Path file, long sizeBytes, String sha256, Optional<String> announcedSha256) {
    public DownloadedArtifact {
        requireNonNull(file, "file is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(announcedSha256, "announcedSha256 is null");
    }
}

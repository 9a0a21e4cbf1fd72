package dev.modelyard.client;

import static java.util.Objects.requireNonNull;

/** A downloaded artifact's SHA-256 differs from the checksum the server announced. */
public final class ArtifactIntegrityException extends RuntimeException {
    private final String expectedSha256;
    private final String actualSha256;

    public ArtifactIntegrityException(String expectedSha256, String actualSha256) {
        super("downloaded artifact has SHA-256 " + actualSha256 + " but the server announced " + expectedSha256);
        this.expectedSha256 = requireNonNull(expectedSha256, "expectedSha256 is null");
        this.actualSha256 = requireNonNull(actualSha256, "actualSha256 is null");
    }

    public String expectedSha256() {
        return expectedSha256;
    }

    public String actualSha256() {
        return actualSha256;
    }
}

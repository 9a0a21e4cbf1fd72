package dev.modelyard.core.bundle;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Map;

/** The names and version of a release bundle's parts. */
final class BundleFormat {
    static final String FORMAT = "modelyard-release-bundle";
    static final int VERSION = 1;
    static final String DESCRIPTOR = "bundle.json";
    static final String CHECKSUMS = "checksums.sha256";
    static final String ARTIFACT_FOLDER = "artifact/";
    static final long MAX_DESCRIPTOR_BYTES = 16L * 1024 * 1024;

    private BundleFormat() {}

    static ModelyardException invalid(String message) {
        return new ModelyardException(ErrorCode.INVALID_BUNDLE, "not a valid release bundle: " + message, Map.of());
    }
}

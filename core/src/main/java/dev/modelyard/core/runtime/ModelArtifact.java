package dev.modelyard.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.modelpackage.Signature;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model version ready for a runtime to load: the model file on local disk (inside {@code
 * directory}, where a package's other files are too), the signature and manifest recorded at
 * upload, and the identity of the bytes.
 */
public record ModelArtifact(
        String digest, Path directory, Path modelFile, Signature signature, Map<String, Object> manifest) {
    public ModelArtifact {
        requireNonNull(digest, "digest is null");
        requireNonNull(directory, "directory is null");
        requireNonNull(modelFile, "modelFile is null");
        requireNonNull(signature, "signature is null");
        manifest = Map.copyOf(requireNonNull(manifest, "manifest is null"));
    }
}

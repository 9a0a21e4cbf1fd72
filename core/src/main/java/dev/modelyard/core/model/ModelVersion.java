package dev.modelyard.core.model;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An uploaded, immutable model package. {@code digest} is the SHA-256 of the uploaded bytes (the
 * single model file or the zip package), which the blob store keeps byte-identical.
 */
public record ModelVersion(
        String id,
        String modelId,
        int number,
        String digest,
        long sizeBytes,
        String runtime,
        String format,
        String fileName,
        Signature signature,
        Map<String, Object> manifest,
        Map<String, String> properties,
        UserRef createdBy,
        Instant createdAt) {
    public ModelVersion {
        requireNonNull(id, "id is null");
        requireNonNull(modelId, "modelId is null");
        if (number < 1) {
            throw new IllegalArgumentException("number must be positive");
        }
        requireNonNull(digest, "digest is null");
        requireNonNull(runtime, "runtime is null");
        requireNonNull(format, "format is null");
        fileName = fileName == null ? "" : fileName;
        requireNonNull(signature, "signature is null");
        // the manifest keeps the author's order (and may hold nulls); properties read best sorted
        manifest = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(manifest, "manifest is null")));
        properties = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(properties, "properties is null")));
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("number", number);
        state.put("digest", digest);
        state.put("size_bytes", sizeBytes);
        state.put("runtime", runtime);
        state.put("format", format);
        state.put("file_name", fileName);
        return state;
    }
}

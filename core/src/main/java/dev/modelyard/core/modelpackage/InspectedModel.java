package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of inspecting an upload: a valid model with its effective signature.
 *
 * @param runtime the runtime that serves the model
 * @param format {@value #FORMAT_FILE} for a single model file, {@value #FORMAT_PACKAGE} for a zip package
 * @param modelFile the model file: the upload's file name for a single file, the path inside the zip for a package
 * @param manifest the normalized manifest: runtime, model file and effective signature set; for a single file it is
 *     built from the manifest sent beside it (if any) and what was detected
 * @param signature the effective signature (the model's own, with feature names from the manifest when the model
 *     has none)
 * @param properties facts read from the model, sorted by key: for ONNX {@code ir_version}, {@code producer_name},
 *     {@code producer_version}, {@code opset.<domain>} and every metadata entry as {@code metadata.<key>}; for
 *     XGBoost {@code version}, {@code objective}, {@code num_feature}, {@code num_trees}; for packages also {@code
 *     package.files} and {@code package.uncompressed_bytes}
 */
public record InspectedModel(
        RuntimeName runtime,
        String format,
        String modelFile,
        ModelManifest manifest,
        Signature signature,
        Map<String, String> properties) {

    /** The format of a single uploaded model file. */
    public static final String FORMAT_FILE = "file";

    /** The format of a zip model package. */
    public static final String FORMAT_PACKAGE = "package";

    public InspectedModel {
        requireNonNull(runtime, "runtime is null");
        requireNonNull(format, "format is null");
        requireNonNull(modelFile, "modelFile is null");
        requireNonNull(manifest, "manifest is null");
        requireNonNull(signature, "signature is null");
        properties = Collections.unmodifiableSortedMap(
                new TreeMap<>(Map.copyOf(requireNonNull(properties, "properties is null"))));
        if (!format.equals(FORMAT_FILE) && !format.equals(FORMAT_PACKAGE)) {
            throw new IllegalArgumentException("format must be file or package, got " + format);
        }
    }
}

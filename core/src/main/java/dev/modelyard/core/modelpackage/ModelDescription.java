package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.List;
import java.util.Map;

/**
 * What a model reader found in a model file.
 *
 * @param signature the signature the model itself declares
 * @param properties facts about the model (format versions, producer, objective...)
 * @param companionFiles files the model needs beside it, as paths relative to the model file's folder (ONNX external
 *     data); empty for self-contained models
 */
record ModelDescription(Signature signature, Map<String, String> properties, List<String> companionFiles) {

    ModelDescription {
        requireNonNull(signature, "signature is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        companionFiles = List.copyOf(requireNonNull(companionFiles, "companionFiles is null"));
    }

    static ModelyardException invalidModel(String message) {
        return new ModelyardException(ErrorCode.INVALID_MODEL, message, Map.of());
    }

    static ModelyardException invalidModel(String message, Throwable cause) {
        return new ModelyardException(ErrorCode.INVALID_MODEL, message, Map.of(), cause);
    }
}

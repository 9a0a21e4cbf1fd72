package dev.modelyard.server.inference;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.modelpackage.Signature;
import java.util.List;

/**
 * What OIP model metadata reports of a deployment: its name, the releases it has loaded (newest
 * first), the platform ({@code onnx_onnxv1}, {@code xgboost_json}, …) and the signature.
 */
public record ModelMetadataView(String name, List<String> versions, String platform, Signature signature) {
    public ModelMetadataView {
        requireNonNull(name, "name is null");
        versions = List.copyOf(requireNonNull(versions, "versions is null"));
        requireNonNull(platform, "platform is null");
        requireNonNull(signature, "signature is null");
    }
}

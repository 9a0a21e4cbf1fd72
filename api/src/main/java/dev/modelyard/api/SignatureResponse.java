package dev.modelyard.api;

import java.util.List;

public record SignatureResponse(
        List<TensorSpecResponse> inputs, List<TensorSpecResponse> outputs, List<String> featureNames) {}

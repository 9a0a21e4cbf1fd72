package dev.modelyard.api;

import java.util.List;

public record ListModelsResponse(List<ModelResponse> models, String nextPageToken) {}

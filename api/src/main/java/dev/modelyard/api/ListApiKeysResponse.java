package dev.modelyard.api;

import java.util.List;

public record ListApiKeysResponse(List<ApiKeyResponse> keys) {}

package dev.modelyard.api;

import java.util.List;

public record ListModelVersionsResponse(List<ModelVersionResponse> versions, String nextPageToken) {}

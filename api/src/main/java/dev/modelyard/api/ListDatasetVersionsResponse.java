package dev.modelyard.api;

import java.util.List;

public record ListDatasetVersionsResponse(List<DatasetVersionResponse> versions, String nextPageToken) {}

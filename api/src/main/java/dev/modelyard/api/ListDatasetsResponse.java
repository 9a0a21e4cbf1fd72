package dev.modelyard.api;

import java.util.List;

public record ListDatasetsResponse(List<DatasetResponse> datasets, String nextPageToken) {}

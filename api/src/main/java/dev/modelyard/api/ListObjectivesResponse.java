package dev.modelyard.api;

import java.util.List;

public record ListObjectivesResponse(List<ObjectiveResponse> objectives, String nextPageToken) {}

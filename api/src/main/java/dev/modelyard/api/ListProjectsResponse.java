package dev.modelyard.api;

import java.util.List;

public record ListProjectsResponse(List<ProjectResponse> projects, String nextPageToken) {}

package dev.modelyard.api;

import java.util.List;

public record ListReleasesResponse(List<ReleaseResponse> releases, String nextPageToken) {}

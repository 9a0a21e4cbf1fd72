package dev.modelyard.api;

import java.util.List;

public record ListTagsResponse(List<TagResponse> tags) {}

package dev.modelyard.api;

import java.util.List;

public record TagHistoryResponse(List<TagEventResponse> events) {}

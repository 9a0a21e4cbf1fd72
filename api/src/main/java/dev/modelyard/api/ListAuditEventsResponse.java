package dev.modelyard.api;

import java.util.List;

public record ListAuditEventsResponse(List<AuditEventResponse> events, String nextPageToken) {}

package dev.modelyard.api;

import java.util.List;
import java.util.Map;

/**
 * Recorded calls, oldest first, read from version {@code version} of the history dataset; every
 * row has the history columns ({@code timestamp}, {@code request_uuid}, {@code input}, {@code
 * output}, {@code error}, …).
 */
public record HistoryRowsResponse(String dataset, int version, List<Map<String, Object>> rows, String nextPageToken) {}

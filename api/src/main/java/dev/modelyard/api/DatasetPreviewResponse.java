package dev.modelyard.api;

import java.util.List;

/**
 * Rows {@code offset} onwards of a version, each a list of values in schema order (numbers,
 * booleans, strings, ISO-8601 dates and timestamps, or null). {@code next_offset} is absent on
 * the last page.
 */
public record DatasetPreviewResponse(
        String project,
        String dataset,
        int version,
        List<DatasetColumnResponse> schema,
        long offset,
        int limit,
        long totalRows,
        List<List<Object>> rows,
        Long nextOffset) {}

package dev.modelyard.api;

import java.time.Instant;
import java.util.List;

/** A deployment's inference history: state {@code recording}, {@code paused} or {@code removed}. */
public record HistoryResponse(
        String id,
        String deployment,
        String dataset,
        String state,
        double samplingRate,
        List<String> redactedFields,
        boolean durable,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        HistoryCountersResponse counters) {}

package dev.modelyard.api;

import java.time.Instant;

/** An evaluation job: one submission on one dataset version; status queued, running, succeeded or failed. */
public record EvaluationJobResponse(
        String id,
        int submission,
        String dataset,
        int datasetVersion,
        String trigger,
        String status,
        int attempt,
        long rowsDone,
        long rowsTotal,
        String error,
        String requestedBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}

package dev.modelyard.api;

import java.time.Instant;

/** A dataset: a named table in a project, whose contents are numbered versions. */
public record DatasetResponse(
        String id, String project, String name, String description, String createdBy, Instant createdAt) {}

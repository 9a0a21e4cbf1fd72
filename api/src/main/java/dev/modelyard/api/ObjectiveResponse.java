package dev.modelyard.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An objective; {@code current_tags} maps each tag to the version of the release carrying it. */
public record ObjectiveResponse(
        String id,
        String project,
        String name,
        String description,
        String taskType,
        String labelColumn,
        List<MetricSpec> metrics,
        List<String> tags,
        List<String> protectedTags,
        List<MetadataFieldSpec> metadataFields,
        List<ReleaseCheckSpec> releaseChecks,
        EvaluationSpec evaluation,
        boolean archived,
        Instant archivedAt,
        Map<String, String> currentTags,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {}

package dev.modelyard.api;

import java.util.List;

public record CreateObjectiveRequest(
        String name,
        String description,
        String taskType,
        String labelColumn,
        List<MetricSpec> metrics,
        List<String> tags,
        List<String> protectedTags,
        List<MetadataFieldSpec> metadataFields,
        List<ReleaseCheckSpec> releaseChecks,
        EvaluationSpec evaluation) {}

package dev.modelyard.api;

import java.util.List;

/** Changes an objective; absent fields stay as they are. */
public record UpdateObjectiveRequest(
        String description,
        String labelColumn,
        List<MetricSpec> metrics,
        List<String> tags,
        List<String> protectedTags,
        List<MetadataFieldSpec> metadataFields,
        List<ReleaseCheckSpec> releaseChecks,
        EvaluationSpec evaluation,
        Boolean archived) {}

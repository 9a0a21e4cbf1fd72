package dev.modelyard.core.objective;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.evaluation.EvaluationDefinition;
import java.util.List;
import java.util.Optional;

/**
 * What a caller says an objective is, before validation fills defaults. Absent values (on
 * update) keep what the objective had; on creation they take the defaults.
 */
public record ObjectiveDefinition(
        Optional<String> description,
        Optional<TaskType> taskType,
        Optional<String> labelColumn,
        Optional<List<MetricRequest>> metrics,
        Optional<List<String>> tags,
        Optional<List<String>> protectedTags,
        Optional<List<MetadataField>> metadataFields,
        Optional<List<ReleaseCheck>> releaseChecks,
        Optional<EvaluationDefinition> evaluation,
        Optional<Boolean> archived) {

    /** A metric as requested: direction and primary may be left out. */
    public record MetricRequest(String name, Optional<MetricDirection> direction, Optional<Boolean> primary) {
        public MetricRequest {
            requireNonNull(name, "name is null");
            requireNonNull(direction, "direction is null");
            requireNonNull(primary, "primary is null");
        }
    }

    public ObjectiveDefinition {
        requireNonNull(description, "description is null");
        requireNonNull(taskType, "taskType is null");
        requireNonNull(labelColumn, "labelColumn is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(tags, "tags is null");
        requireNonNull(protectedTags, "protectedTags is null");
        requireNonNull(metadataFields, "metadataFields is null");
        requireNonNull(releaseChecks, "releaseChecks is null");
        requireNonNull(evaluation, "evaluation is null");
        requireNonNull(archived, "archived is null");
    }

    /**
     * True when the change touches what only owners may change: tags, protection, release checks,
     * and the evaluation the metric checks rest on.
     */
    public boolean changesGovernance() {
        return tags.isPresent() || protectedTags.isPresent() || releaseChecks.isPresent() || evaluation.isPresent();
    }
}

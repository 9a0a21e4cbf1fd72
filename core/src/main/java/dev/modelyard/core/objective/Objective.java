package dev.modelyard.core.objective;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.Names;
import dev.modelyard.core.evaluation.EvaluationSettings;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A modeling problem in a project: what is predicted (task type, label column), how models are
 * ranked (metrics, one primary), which environment tags its releases carry (and which of them only
 * owners may set), what every submission must declare (metadata fields), and the checks a release
 * must pass, and how its submissions are evaluated.
 */
public record Objective(
        String id,
        String projectId,
        String name,
        String description,
        TaskType taskType,
        String labelColumn,
        List<Metric> metrics,
        List<String> tags,
        List<String> protectedTags,
        List<MetadataField> metadataFields,
        List<ReleaseCheck> releaseChecks,
        EvaluationSettings evaluation,
        Optional<Instant> archivedAt,
        UserRef createdBy,
        Instant createdAt,
        Instant updatedAt) {
    public static final List<String> DEFAULT_TAGS = List.of("Staging", "Production");
    public static final List<String> DEFAULT_PROTECTED_TAGS = List.of("Production");

    public Objective {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        Names.requireValid("objective", name);
        description = description == null ? "" : description;
        requireNonNull(taskType, "taskType is null");
        labelColumn = labelColumn == null ? "" : labelColumn;
        metrics = List.copyOf(requireNonNull(metrics, "metrics is null"));
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
        protectedTags = List.copyOf(requireNonNull(protectedTags, "protectedTags is null"));
        metadataFields = List.copyOf(requireNonNull(metadataFields, "metadataFields is null"));
        releaseChecks = List.copyOf(requireNonNull(releaseChecks, "releaseChecks is null"));
        requireNonNull(evaluation, "evaluation is null");
        requireNonNull(archivedAt, "archivedAt is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    public Optional<Metric> primaryMetric() {
        return metrics.stream().filter(Metric::primary).findFirst();
    }

    public boolean archived() {
        return archivedAt.isPresent();
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("description", description);
        state.put("task_type", taskType.id());
        state.put("label_column", labelColumn);
        state.put(
                "metrics",
                metrics.stream()
                        .map(metric -> Map.of(
                                "name",
                                metric.name(),
                                "direction",
                                metric.direction().id(),
                                "primary",
                                metric.primary()))
                        .toList());
        state.put("tags", tags);
        state.put("protected_tags", protectedTags);
        state.put(
                "metadata_fields",
                metadataFields.stream().map(MetadataField::name).toList());
        state.put(
                "release_checks",
                releaseChecks.stream()
                        .map(check -> check.enforcement().id() + ": " + check.describe())
                        .toList());
        state.put(
                "evaluation_datasets",
                evaluation.datasets().stream()
                        .map(dataset ->
                                dataset.datasetName() + " (" + dataset.policy().id()
                                        + dataset.version()
                                                .map(version -> " " + version)
                                                .orElse("") + ")")
                        .toList());
        state.put(
                "subsets",
                evaluation.subsets().stream()
                        .map(subset -> subset.name() + ": " + subset.filter().text())
                        .toList());
        state.put("archived_at", archivedAt.map(Instant::toString).orElse(null));
        return state;
    }
}

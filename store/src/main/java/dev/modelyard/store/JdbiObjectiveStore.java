package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.evaluation.EvaluationDataset;
import dev.modelyard.core.evaluation.EvaluationSettings;
import dev.modelyard.core.evaluation.ScoreMapping;
import dev.modelyard.core.evaluation.Subset;
import dev.modelyard.core.evaluation.VersionPolicy;
import dev.modelyard.core.evaluation.filter.RowFilter;
import dev.modelyard.core.objective.MetadataField;
import dev.modelyard.core.objective.Metric;
import dev.modelyard.core.objective.MetricDirection;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ObjectiveStore;
import dev.modelyard.core.objective.ReleaseCheck;
import dev.modelyard.core.objective.TaskType;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Objectives in the {@code objectives} table, on one handle. Their lists are JSON arrays with
 * snake_case keys, absent optionals left out:
 *
 * <ul>
 *   <li>metrics: {@code [{"name": "auc", "direction": "maximize", "primary": true}]};
 *   <li>tags and protected tags: {@code ["Staging", "Production"]};
 *   <li>metadata fields: {@code [{"name": "framework", "type": "enum", "required": true,
 *       "description": "", "allowed_values": ["xgboost"]}]} ({@code allowed_values} only when not
 *       empty);
 *   <li>release checks: {@code [{"kind": "min_approvals", "enforcement": "block", "min_approvals":
 *       2}]}, with {@code threshold}, {@code tag} and {@code max_regression} when present.
 * </ul>
 *
 * <p>The evaluation settings are one JSON object, absent optionals as {@code null}: {@code
 * {"datasets": [{"dataset_id", "dataset_name", "policy": "pinned", "version": 3}], "subsets":
 * [{"name": "new_customers", "filter": "tenure_months < 6"}], "score_mapping": {"feature_columns":
 * [], "output": null, "score_column": null, "threshold": 0.5, "positive_label": null,
 * "class_labels": []}}}. A subset's filter is kept as its text and parsed again when read.
 */
public final class JdbiObjectiveStore implements ObjectiveStore {
    private static final String OBJECTIVE_COLUMNS = "o.id, o.project_id, o.name, o.description, o.task_type,"
            + " o.label_column, o.metrics_json, o.tags_json, o.protected_tags_json, o.metadata_fields_json,"
            + " o.release_checks_json, o.evaluation_json, o.archived_at, o.created_by, cu.name AS created_by_name,"
            + " o.created_at, o.updated_at";
    private static final String FROM = " FROM objectives o JOIN users cu ON cu.id = o.created_by";

    private final Handle handle;
    private final JsonColumns json;
    private final RowMapper<Objective> objectiveMapper;

    public JdbiObjectiveStore(Handle handle) {
        this(handle, new JsonColumns());
    }

    JdbiObjectiveStore(Handle handle, JsonColumns json) {
        this.handle = requireNonNull(handle, "handle is null");
        this.json = requireNonNull(json, "json is null");
        this.objectiveMapper = (row, context) -> new Objective(
                row.getString("id"),
                row.getString("project_id"),
                row.getString("name"),
                row.getString("description"),
                TaskType.fromId(row.getString("task_type")),
                row.getString("label_column"),
                this.json.readObjects(row.getString("metrics_json")).stream()
                        .map(JdbiObjectiveStore::metric)
                        .toList(),
                this.json.readStringList(row.getString("tags_json")),
                this.json.readStringList(row.getString("protected_tags_json")),
                this.json.readObjects(row.getString("metadata_fields_json")).stream()
                        .map(JdbiObjectiveStore::metadataField)
                        .toList(),
                this.json.readObjects(row.getString("release_checks_json")).stream()
                        .map(JdbiObjectiveStore::releaseCheck)
                        .toList(),
                readEvaluation(row.getString("evaluation_json")),
                EpochMicros.optionalColumn(row, "archived_at"),
                new UserRef(row.getString("created_by"), row.getString("created_by_name")),
                EpochMicros.column(row, "created_at"),
                EpochMicros.column(row, "updated_at"));
    }

    @Override
    public void insertObjective(Objective objective) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO objectives (id, project_id, name, description, task_type, label_column,
                                metrics_json, tags_json, protected_tags_json, metadata_fields_json,
                                release_checks_json, evaluation_json, archived_at, created_by, created_at,
                                updated_at)
                            VALUES (:id, :projectId, :name, :description, :taskType, :labelColumn,
                                :metricsJson, :tagsJson, :protectedTagsJson, :metadataFieldsJson,
                                :releaseChecksJson, :evaluationJson, :archivedAt, :createdBy, :createdAt,
                                :updatedAt)
                            """)
                    .bind("id", objective.id())
                    .bind("projectId", objective.projectId())
                    .bind("name", objective.name())
                    .bind("description", objective.description())
                    .bind("taskType", objective.taskType().id())
                    .bind("labelColumn", objective.labelColumn())
                    .bind("metricsJson", metricsJson(objective))
                    .bind("tagsJson", json.write(objective.tags()))
                    .bind("protectedTagsJson", json.write(objective.protectedTags()))
                    .bind("metadataFieldsJson", metadataFieldsJson(objective))
                    .bind("releaseChecksJson", releaseChecksJson(objective))
                    .bind("evaluationJson", evaluationJson(objective.evaluation()))
                    .bindByType("archivedAt", objective.archivedAt().orElse(null), Instant.class)
                    .bind("createdBy", objective.createdBy().id())
                    .bind("createdAt", objective.createdAt())
                    .bind("updatedAt", objective.updatedAt())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "objective '" + objective.name() + "' already exists",
                        Map.of("kind", "objective", "name", objective.name(), "project_id", objective.projectId()),
                        e);
            }
            throw e;
        }
    }

    /** Throws {@link ErrorCode#OBJECTIVE_NOT_FOUND} when the objective is gone. */
    @Override
    public void updateObjective(Objective objective) {
        int updated = handle.createUpdate(
                        """
                        UPDATE objectives SET description = :description, task_type = :taskType,
                            label_column = :labelColumn, metrics_json = :metricsJson, tags_json = :tagsJson,
                            protected_tags_json = :protectedTagsJson, metadata_fields_json = :metadataFieldsJson,
                            release_checks_json = :releaseChecksJson, evaluation_json = :evaluationJson,
                            archived_at = :archivedAt, updated_at = :updatedAt
                        WHERE id = :id
                        """)
                .bind("description", objective.description())
                .bind("taskType", objective.taskType().id())
                .bind("labelColumn", objective.labelColumn())
                .bind("metricsJson", metricsJson(objective))
                .bind("tagsJson", json.write(objective.tags()))
                .bind("protectedTagsJson", json.write(objective.protectedTags()))
                .bind("metadataFieldsJson", metadataFieldsJson(objective))
                .bind("releaseChecksJson", releaseChecksJson(objective))
                .bind("evaluationJson", evaluationJson(objective.evaluation()))
                .bindByType("archivedAt", objective.archivedAt().orElse(null), Instant.class)
                .bind("updatedAt", objective.updatedAt())
                .bind("id", objective.id())
                .execute();
        if (updated == 0) {
            throw new ModelyardException(
                    ErrorCode.OBJECTIVE_NOT_FOUND,
                    "objective '" + objective.name() + "' does not exist",
                    Map.of("objective", objective.name()));
        }
    }

    @Override
    public Optional<Objective> findObjective(String projectId, String name) {
        return handle.createQuery(
                        "SELECT " + OBJECTIVE_COLUMNS + FROM + " WHERE o.project_id = :projectId AND o.name = :name")
                .bind("projectId", projectId)
                .bind("name", name)
                .map(objectiveMapper)
                .findOne();
    }

    @Override
    public Optional<Objective> findObjectiveById(String id) {
        return handle.createQuery("SELECT " + OBJECTIVE_COLUMNS + FROM + " WHERE o.id = :id")
                .bind("id", id)
                .map(objectiveMapper)
                .findOne();
    }

    @Override
    public List<Objective> listObjectives(String projectId, PageRequest page, boolean includeArchived) {
        String sql = "SELECT " + OBJECTIVE_COLUMNS + FROM + " WHERE o.project_id = :projectId"
                + (includeArchived ? "" : " AND o.archived_at IS NULL")
                + NamePaging.conditions("o.name", page)
                + NamePaging.orderAndLimit("o.name");
        Query query = handle.createQuery(sql).bind("projectId", projectId);
        return NamePaging.bind(query, page).map(objectiveMapper).list();
    }

    // ---------------------------------------------------------------- JSON of the lists

    private String metricsJson(Objective objective) {
        return json.write(objective.metrics().stream()
                .map(metric -> {
                    Map<String, Object> object = new LinkedHashMap<>();
                    object.put("name", metric.name());
                    object.put("direction", metric.direction().id());
                    object.put("primary", metric.primary());
                    return object;
                })
                .toList());
    }

    private static Metric metric(Map<String, Object> object) {
        return new Metric(
                (String) object.get("name"),
                MetricDirection.fromId((String) object.get("direction")),
                Boolean.TRUE.equals(object.get("primary")));
    }

    private String metadataFieldsJson(Objective objective) {
        return json.write(objective.metadataFields().stream()
                .map(field -> {
                    Map<String, Object> object = new LinkedHashMap<>();
                    object.put("name", field.name());
                    object.put("type", field.type().id());
                    object.put("required", field.required());
                    object.put("description", field.description());
                    if (!field.allowedValues().isEmpty()) {
                        object.put("allowed_values", field.allowedValues());
                    }
                    return object;
                })
                .toList());
    }

    private static MetadataField metadataField(Map<String, Object> object) {
        Object allowedValues = object.get("allowed_values");
        return new MetadataField(
                (String) object.get("name"),
                MetadataField.Type.fromId((String) object.get("type")),
                Boolean.TRUE.equals(object.get("required")),
                (String) object.get("description"),
                allowedValues instanceof List<?> values
                        ? values.stream().map(String::valueOf).toList()
                        : List.of());
    }

    private String releaseChecksJson(Objective objective) {
        return json.write(objective.releaseChecks().stream()
                .map(check -> {
                    Map<String, Object> object = new LinkedHashMap<>();
                    object.put("kind", check.kind().id());
                    object.put("enforcement", check.enforcement().id());
                    check.minApprovals().ifPresent(count -> object.put("min_approvals", count));
                    check.threshold().ifPresent(threshold -> object.put("threshold", threshold));
                    check.tag().ifPresent(tag -> object.put("tag", tag));
                    check.maxRegression().ifPresent(max -> object.put("max_regression", max));
                    return object;
                })
                .toList());
    }

    private static ReleaseCheck releaseCheck(Map<String, Object> object) {
        return new ReleaseCheck(
                ReleaseCheck.Kind.fromId((String) object.get("kind")),
                ReleaseCheck.Enforcement.fromId((String) object.get("enforcement")),
                number(object, "min_approvals").map(Number::intValue),
                number(object, "threshold").map(Number::doubleValue),
                Optional.ofNullable((String) object.get("tag")),
                number(object, "max_regression").map(Number::doubleValue));
    }

    // ---------------------------------------------------------------- JSON of the evaluation settings

    private String evaluationJson(EvaluationSettings evaluation) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(
                "datasets",
                evaluation.datasets().stream()
                        .map(dataset -> {
                            Map<String, Object> object = new LinkedHashMap<>();
                            object.put("dataset_id", dataset.datasetId());
                            object.put("dataset_name", dataset.datasetName());
                            object.put("policy", dataset.policy().id());
                            object.put("version", dataset.version().orElse(null));
                            return object;
                        })
                        .toList());
        document.put(
                "subsets",
                evaluation.subsets().stream()
                        .map(subset -> {
                            Map<String, Object> object = new LinkedHashMap<>();
                            object.put("name", subset.name());
                            object.put("filter", subset.filter().text());
                            return object;
                        })
                        .toList());
        ScoreMapping mapping = evaluation.scoreMapping();
        Map<String, Object> scoreMapping = new LinkedHashMap<>();
        scoreMapping.put("feature_columns", mapping.featureColumns());
        scoreMapping.put("output", mapping.output().orElse(null));
        scoreMapping.put("score_column", mapping.scoreColumn().orElse(null));
        scoreMapping.put("threshold", mapping.threshold().orElse(null));
        scoreMapping.put("positive_label", mapping.positiveLabel().orElse(null));
        scoreMapping.put("class_labels", mapping.classLabels());
        document.put("score_mapping", scoreMapping);
        return json.write(document);
    }

    private EvaluationSettings readEvaluation(String text) {
        JsonNode document = json.readTree(text);
        List<EvaluationDataset> datasets = new ArrayList<>();
        for (JsonNode dataset : document.path("datasets")) {
            datasets.add(new EvaluationDataset(
                    dataset.path("dataset_id").asText(),
                    dataset.path("dataset_name").asText(),
                    VersionPolicy.fromId(dataset.path("policy").asText()),
                    present(dataset, "version").map(JsonNode::intValue)));
        }
        List<Subset> subsets = new ArrayList<>();
        for (JsonNode subset : document.path("subsets")) {
            subsets.add(new Subset(
                    subset.path("name").asText(),
                    RowFilter.parse(subset.path("filter").asText())));
        }
        JsonNode mapping = document.path("score_mapping");
        ScoreMapping scoreMapping = new ScoreMapping(
                texts(mapping.path("feature_columns")),
                present(mapping, "output").map(JsonNode::asText),
                present(mapping, "score_column").map(JsonNode::intValue),
                present(mapping, "threshold").map(JsonNode::doubleValue),
                present(mapping, "positive_label").map(JsonNode::asText),
                texts(mapping.path("class_labels")));
        return new EvaluationSettings(datasets, subsets, scoreMapping);
    }

    /** The member {@code key} of a JSON object; empty when it is missing or null. */
    private static Optional<JsonNode> present(JsonNode object, String key) {
        JsonNode member = object.path(key);
        return member.isMissingNode() || member.isNull() ? Optional.empty() : Optional.of(member);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static Optional<Number> number(Map<String, Object> object, String key) {
        return Optional.ofNullable((Number) object.get(key));
    }
}

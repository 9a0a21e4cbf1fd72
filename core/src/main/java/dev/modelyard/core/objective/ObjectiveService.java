package dev.modelyard.core.objective;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Names;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.evaluation.EvaluationDefinition;
import dev.modelyard.core.evaluation.EvaluationQueue;
import dev.modelyard.core.evaluation.EvaluationService;
import dev.modelyard.core.evaluation.EvaluationSettings;
import dev.modelyard.core.evaluation.JobTrigger;
import dev.modelyard.core.objective.ObjectiveDefinition.MetricRequest;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.UserRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Objectives: creation and change by editors; tags, tag protection and release checks — the
 * governance controls — only by owners once the objective exists.
 */
public final class ObjectiveService {
    private static final Pattern TAG = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_DESCRIPTION_LENGTH = 10_000;

    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final EvaluationQueue evaluations;
    private final Clock clock;

    public ObjectiveService(
            Transactions transactions,
            ProjectAccess access,
            AuditRecorder audit,
            EvaluationQueue evaluations,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.evaluations = requireNonNull(evaluations, "evaluations is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Objective create(Principal principal, String projectName, String name, ObjectiveDefinition definition) {
        Names.requireValid("objective", name);
        Objective created = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            return insertNew(stores, principal, project, name, definition);
        });
        evaluations.wakeUp();
        return created;
    }

    /** Validates a new objective, fills its defaults, and inserts it inside the caller's transaction. */
    public Objective insertNew(
            Stores stores, Principal principal, Project project, String name, ObjectiveDefinition definition) {
        Names.requireValid("objective", name);
        TaskType taskType = definition
                .taskType()
                .orElseThrow(() -> invalid(
                        "task_type is required: binary_classification, multiclass_classification or regression",
                        "task_type"));
        List<String> tags = validTags(definition.tags().orElse(Objective.DEFAULT_TAGS));
        String labelColumn = definition.labelColumn().orElse("");
        EvaluationSettings evaluation = definition
                .evaluation()
                .map(requested -> EvaluationService.resolveSettings(stores, project, taskType, labelColumn, requested))
                .orElse(EvaluationSettings.none());
        Instant now = clock.instant();
        Objective objective = new Objective(
                UUID.randomUUID().toString(),
                project.id(),
                name,
                validDescription(definition.description().orElse("")),
                taskType,
                labelColumn,
                validMetrics(
                        taskType,
                        definition
                                .metrics()
                                .orElseThrow(() -> invalid(
                                        "metrics are required: name at least one metric, for example roc_auc",
                                        "metrics"))),
                tags,
                validProtectedTags(definition.protectedTags().orElse(defaultProtected(tags)), tags),
                validFields(definition.metadataFields().orElse(List.of())),
                validChecks(definition.releaseChecks().orElse(List.of()), tags),
                evaluation,
                definition.archived().filter(Boolean::booleanValue).map(archived -> now),
                UserRef.of(principal),
                now,
                now);
        stores.objectives().insertObjective(objective);
        audit.record(
                stores,
                principal,
                Optional.of(project.id()),
                new Change(
                        "objective.create",
                        "objective",
                        objective.id(),
                        objective.name(),
                        null,
                        objective.auditState()));
        return objective;
    }

    public Objective update(Principal principal, String projectName, String name, ObjectiveDefinition changes) {
        if (changes.taskType().isPresent()) {
            throw invalid(
                    "task_type cannot change: submissions and metrics depend on it; create a new objective instead",
                    "task_type");
        }
        Objective updated = transactions.inTransaction(stores -> {
            Role required = changes.changesGovernance() ? Role.OWNER : Role.EDITOR;
            Project project = access.require(stores, principal, projectName, required);
            Objective before = requireObjective(stores, project, name);
            List<String> tags = changes.tags().map(ObjectiveService::validTags).orElse(before.tags());
            String labelColumn = changes.labelColumn().orElse(before.labelColumn());
            EvaluationSettings evaluation = changes.evaluation()
                    .map(requested -> EvaluationService.resolveSettings(
                            stores, project, before.taskType(), labelColumn, requested))
                    .orElseGet(() -> changes.labelColumn().isPresent()
                                    && !before.evaluation().datasets().isEmpty()
                            ? EvaluationService.resolveSettings(
                                    stores, project, before.taskType(), labelColumn, definitionOf(before.evaluation()))
                            : before.evaluation());
            Instant now = clock.instant();
            Objective after = new Objective(
                    before.id(),
                    before.projectId(),
                    before.name(),
                    changes.description()
                            .map(ObjectiveService::validDescription)
                            .orElse(before.description()),
                    before.taskType(),
                    labelColumn,
                    changes.metrics()
                            .map(metrics -> validMetrics(before.taskType(), metrics))
                            .orElse(before.metrics()),
                    tags,
                    validProtectedTags(changes.protectedTags().orElse(before.protectedTags()), tags),
                    changes.metadataFields().map(ObjectiveService::validFields).orElse(before.metadataFields()),
                    validChecks(changes.releaseChecks().orElse(before.releaseChecks()), tags),
                    evaluation,
                    changes.archived()
                            .map(archived -> archived
                                    ? before.archivedAt().or(() -> Optional.of(now))
                                    : Optional.<Instant>empty())
                            .orElse(before.archivedAt()),
                    before.createdBy(),
                    before.createdAt(),
                    now);
            requireTagsStillFree(stores, before, tags);
            stores.objectives().updateObjective(after);
            String action = after.archived() != before.archived()
                    ? (after.archived() ? "objective.archive" : "objective.unarchive")
                    : "objective.update";
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change(action, "objective", after.id(), after.name(), before.auditState(), after.auditState()));
            if (!after.evaluation().equals(before.evaluation())
                    || !after.labelColumn().equals(before.labelColumn())) {
                evaluations.enqueueMissingForOpenSubmissions(
                        stores, after, JobTrigger.ON_DEMAND, UserRef.of(principal));
            }
            return after;
        });
        evaluations.wakeUp();
        return updated;
    }

    /** The settings an objective holds, as a definition to resolve again (for a new label column). */
    private static EvaluationDefinition definitionOf(EvaluationSettings settings) {
        return new EvaluationDefinition(
                settings.datasets().stream()
                        .map(dataset -> new EvaluationDefinition.DatasetChoice(
                                dataset.datasetName(), Optional.of(dataset.policy()), dataset.version()))
                        .toList(),
                settings.subsets().stream()
                        .map(subset -> new EvaluationDefinition.SubsetDefinition(
                                subset.name(), subset.filter().text()))
                        .toList(),
                settings.scoreMapping());
    }

    public Objective get(Principal principal, String projectName, String name) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return requireObjective(stores, project, name);
        });
    }

    public Page<Objective> list(Principal principal, String projectName, PageRequest page, boolean includeArchived) {
        List<Objective> rows = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return stores.objectives().listObjectives(project.id(), page, includeArchived);
        });
        return Page.fromOverfetch(rows, page, Objective::name);
    }

    /** The objective a caller with at least {@code role} may work on; 404 when it does not exist. */
    public static Objective requireObjective(Stores stores, Project project, String name) {
        return stores.objectives()
                .findObjective(project.id(), name)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.OBJECTIVE_NOT_FOUND,
                        "objective '" + name + "' does not exist in project '" + project.name() + "'",
                        Map.of("project", project.name(), "objective", String.valueOf(name))));
    }

    /** A tag can leave the objective's list only while no release carries it. */
    private static void requireTagsStillFree(Stores stores, Objective before, List<String> tags) {
        for (String tag : stores.releases().currentTags(before.id()).keySet()) {
            if (!tags.contains(tag)) {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "tag '" + tag + "' is on a release of objective '" + before.name()
                                + "'; remove it from the release before removing it from the objective",
                        Map.of("tag", tag));
            }
        }
    }

    private static List<String> defaultProtected(List<String> tags) {
        return Objective.DEFAULT_PROTECTED_TAGS.stream().filter(tags::contains).toList();
    }

    private static String validDescription(String description) {
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw invalid("description is longer than " + MAX_DESCRIPTION_LENGTH + " characters", "description");
        }
        return description;
    }

    static List<Metric> validMetrics(TaskType taskType, List<MetricRequest> requested) {
        if (requested.isEmpty()) {
            throw invalid("metrics must name at least one metric, for example roc_auc", "metrics");
        }
        long primaries = requested.stream()
                .filter(metric -> metric.primary().orElse(false))
                .count();
        if (primaries > 1) {
            throw invalid("exactly one metric may be primary; " + primaries + " are", "metrics");
        }
        Set<String> seen = new HashSet<>();
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            MetricRequest metric = requested.get(i);
            if (!seen.add(metric.name())) {
                throw invalid("metric '" + metric.name() + "' is listed twice", "metrics");
            }
            Optional<MetricDirection> natural = MetricCatalog.direction(taskType, metric.name());
            if (natural.isEmpty() && metric.direction().isEmpty()) {
                throw invalid(
                        "metric '" + metric.name() + "' is not one Modelyard computes for " + taskType.id()
                                + " (" + MetricCatalog.metrics(taskType).keySet() + "); give its direction to use it"
                                + " with metric sets posted by clients",
                        "metrics");
            }
            if (natural.isPresent()
                    && metric.direction().isPresent()
                    && natural.get() != metric.direction().get()) {
                throw invalid(
                        "metric '" + metric.name() + "' improves when it is "
                                + natural.get().id() + "d, not "
                                + metric.direction().get().id() + "d",
                        "metrics");
            }
            boolean primary = primaries == 0 ? i == 0 : metric.primary().orElse(false);
            metrics.add(new Metric(metric.name(), metric.direction().orElseGet(natural::orElseThrow), primary));
        }
        return metrics;
    }

    static List<String> validTags(List<String> tags) {
        if (tags.isEmpty()) {
            throw invalid("an objective needs at least one environment tag, for example Staging", "tags");
        }
        Set<String> seen = new HashSet<>();
        for (String tag : tags) {
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw invalid(
                        "tag '" + tag + "' is not valid: start with a letter, then letters, digits, '-' or '_',"
                                + " at most 32 characters",
                        "tags");
            }
            if (!seen.add(tag)) {
                throw invalid("tag '" + tag + "' is listed twice", "tags");
            }
        }
        return List.copyOf(tags);
    }

    private static List<String> validProtectedTags(List<String> protectedTags, List<String> tags) {
        for (String tag : protectedTags) {
            if (!tags.contains(tag)) {
                throw invalid(
                        "protected tag '" + tag + "' is not one of the objective's tags " + tags, "protected_tags");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(protectedTags));
    }

    static List<MetadataField> validFields(List<MetadataField> fields) {
        Set<String> seen = new HashSet<>();
        for (MetadataField field : fields) {
            if (!FIELD.matcher(field.name()).matches()) {
                throw invalid(
                        "metadata field name '" + field.name() + "' is not valid: lowercase letters, digits and '_',"
                                + " starting with a letter",
                        "metadata_fields");
            }
            if (!seen.add(field.name())) {
                throw invalid("metadata field '" + field.name() + "' is listed twice", "metadata_fields");
            }
            boolean isEnum = field.type() == MetadataField.Type.ENUM;
            if (isEnum && field.allowedValues().isEmpty()) {
                throw invalid("enum field '" + field.name() + "' needs allowed_values", "metadata_fields");
            }
            if (!isEnum && !field.allowedValues().isEmpty()) {
                throw invalid(
                        "field '" + field.name() + "' is " + field.type().id()
                                + "; only enum fields take allowed_values",
                        "metadata_fields");
            }
        }
        return List.copyOf(fields);
    }

    private static List<ReleaseCheck> validChecks(List<ReleaseCheck> checks, List<String> tags) {
        for (ReleaseCheck check : checks) {
            check.tag().ifPresent(tag -> {
                if (!tags.contains(tag)) {
                    throw invalid(
                            "release check '" + check.describe() + "' names tag '" + tag
                                    + "', which is not one of the objective's tags " + tags,
                            "release_checks");
                }
            });
        }
        return List.copyOf(checks);
    }

    private static ModelyardException invalid(String message, String field) {
        return new ModelyardException(ErrorCode.INVALID_REQUEST, message, Map.of("field", field));
    }
}

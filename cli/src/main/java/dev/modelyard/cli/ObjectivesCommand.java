package dev.modelyard.cli;

import dev.modelyard.api.CreateObjectiveRequest;
import dev.modelyard.api.EvaluationSpec;
import dev.modelyard.api.ListObjectivesResponse;
import dev.modelyard.api.MetadataFieldSpec;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.api.ReleaseCheckSpec;
import dev.modelyard.api.UpdateObjectiveRequest;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.Pages;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard objectives …}: the modeling problems of a project. */
@Command(
        name = "objectives",
        description =
                "Create, list, show, update and archive objectives (the modeling problems models are submitted to).",
        subcommands = {
            ObjectivesCommand.CreateObjective.class,
            ObjectivesCommand.ListObjectives.class,
            ObjectivesCommand.ShowObjective.class,
            ObjectivesCommand.UpdateObjective.class,
            ObjectivesCommand.ArchiveObjective.class
        })
final class ObjectivesCommand extends GroupCommand {

    /** The options an objective's definition shares between {@code create} and {@code update}. */
    abstract static class DefinitionOptions extends ApiCommand {
        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--label-column", paramLabel = "COLUMN", description = "The column holding the truth.")
        String labelColumn;

        @Option(
                names = "--metric",
                paramLabel = "METRIC",
                description = {
                    "A ranking metric, " + GovernanceSpecs.METRIC_FORM + " (repeatable), e.g. roc_auc, accuracy,"
                            + " rmse; the direction defaults to the metric's natural one."
                })
        List<String> metrics = new ArrayList<>();

        @Option(
                names = "--primary",
                paramLabel = "METRIC",
                description = "The primary metric (default: the first --metric).")
        String primary;

        @Option(
                names = "--tags",
                paramLabel = "TAG,TAG",
                split = ",",
                description = "The environment tags releases can carry (default Staging,Production).")
        List<String> tags;

        @Option(
                names = "--protected-tags",
                paramLabel = "TAG,TAG",
                split = ",",
                description = "Tags only project owners may move (default Production; '' for none).")
        List<String> protectedTags;

        @Option(
                names = "--field",
                paramLabel = "FIELD",
                description = {
                    "A metadata field every submission fills in (repeatable): " + GovernanceSpecs.FIELD_FORM
                            + ", e.g. framework:enum:required:xgboost,onnx or notes:string."
                })
        List<String> fields = new ArrayList<>();

        @Option(
                names = "--check",
                paramLabel = "CHECK",
                description = {
                    "A release check (repeatable): " + GovernanceSpecs.CHECK_FORM + "; enforcement defaults to block."
                })
        List<String> checks = new ArrayList<>();

        @Option(
                names = "--evaluation-dataset",
                paramLabel = "DATASET[@VERSION]",
                description = {
                    "A dataset to evaluate submissions on (repeatable; the first one ranks the leaderboard and feeds"
                            + " the release checks): " + EvaluationSpecs.DATASET_FORM + ". A bare name follows the"
                            + " newest version, @VERSION pins one; '' for none."
                })
        List<String> evaluationDatasets;

        @Option(
                names = "--subset",
                paramLabel = "NAME=FILTER",
                description = {
                    "A named subset of the evaluation rows (repeatable), e.g. \"web=channel = 'web'\" or"
                            + " \"adults=age >= 18 and country in ('DE', 'FR')\"; '' for none."
                })
        List<String> subsets;

        @Option(
                names = "--feature-column",
                paramLabel = "COLUMN",
                split = ",",
                description = "The dataset columns the model takes, in its input order (repeatable or comma-separated;"
                        + " default: the feature names the model declares; '' for the default).")
        List<String> featureColumns;

        @Option(
                names = "--score-output",
                paramLabel = "OUTPUT",
                description = "The model output to score (default: the only one, else 'probabilities'/'probability',"
                        + " else the first floating-point one).")
        String scoreOutput;

        @Option(
                names = "--score-column",
                paramLabel = "N",
                description = "The column of that output holding the positive class's probability (binary; default 1"
                        + " of two columns, else 0) or the prediction (regression; default 0).")
        Integer scoreColumn;

        @Option(
                names = "--threshold",
                paramLabel = "X",
                description = "Binary: a row is predicted positive when its score is at least X (default 0.5).")
        Double threshold;

        @Option(
                names = "--positive-label",
                paramLabel = "LABEL",
                description = "Binary: the label value of the positive class (default 1 or true).")
        String positiveLabel;

        @Option(
                names = "--class-label",
                paramLabel = "LABEL",
                split = ",",
                description = "Multiclass: the label of each output column, in order (repeatable or comma-separated;"
                        + " default 0, 1, 2…).")
        List<String> classLabels;

        DefinitionOptions(ModelyardCommand root) {
            super(root);
        }

        boolean evaluationGiven() {
            return evaluationDatasets != null
                    || subsets != null
                    || featureColumns != null
                    || scoreOutput != null
                    || scoreColumn != null
                    || threshold != null
                    || positiveLabel != null
                    || classLabels != null;
        }

        /** The evaluation settings to send: {@code current} with the parts given on the command line replaced. */
        EvaluationSpec evaluationSpec(EvaluationSpec current) {
            return EvaluationSpecs.merge(
                    current,
                    EvaluationSpecs.datasets(evaluationDatasets),
                    EvaluationSpecs.subsets(subsets),
                    EvaluationSpecs.nonBlank(featureColumns),
                    scoreOutput,
                    scoreColumn,
                    threshold,
                    positiveLabel,
                    EvaluationSpecs.nonBlank(classLabels));
        }

        List<MetricSpec> metricSpecs() {
            if (metrics.isEmpty()) {
                if (primary != null) {
                    throw new CliUsageException("--primary needs the metrics listed with --metric");
                }
                return null;
            }
            return GovernanceSpecs.metrics(metrics, primary);
        }

        List<MetadataFieldSpec> fieldSpecs() {
            return fields.isEmpty()
                    ? null
                    : fields.stream().map(GovernanceSpecs::field).toList();
        }

        List<ReleaseCheckSpec> checkSpecs() {
            return checks.isEmpty()
                    ? null
                    : checks.stream().map(GovernanceSpecs::check).toList();
        }
    }

    @Command(
            name = "create",
            description = {
                "Create an objective: task type, metrics, tags, metadata fields, release checks and evaluation"
                        + " settings.",
                "Example: objectives create churn churn --task-type binary_classification --label-column churned"
                        + " --metric roc_auc --metric accuracy --field framework:enum:required:xgboost,onnx"
                        + " --check min_approvals=1:block"
            })
    static final class CreateObjective extends DefinitionOptions {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE", description = "Name: lower-case letters, digits, '-'.")
        String name;

        @Option(
                names = "--task-type",
                paramLabel = "TYPE",
                required = true,
                description = "binary_classification, multiclass_classification or regression.")
        String taskType;

        CreateObjective(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            CreateObjectiveRequest request = new CreateObjectiveRequest(
                    name,
                    description,
                    taskType,
                    labelColumn,
                    metricSpecs(),
                    GovernanceSpecs.tagList(tags),
                    GovernanceSpecs.tagList(protectedTags),
                    fieldSpecs(),
                    checkSpecs(),
                    evaluationGiven() ? evaluationSpec(null) : null);
            ObjectiveResponse objective = client.createObjective(project, request);
            output.print(
                    objective,
                    () -> "Created objective " + objective.name() + " in project " + project + " ("
                            + objective.taskType() + "; metrics " + GovernanceText.metrics(objective.metrics())
                            + "; tags " + GovernanceText.tags(objective) + ").\n");
        }
    }

    @Command(name = "list", description = "List a project's objectives (archived ones only with --all).")
    static final class ListObjectives extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Option(names = "--all", description = "Include archived objectives.")
        boolean all;

        @Option(names = "--name", paramLabel = "TEXT", description = "Only objectives whose name contains TEXT.")
        String nameContains;

        ListObjectives(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            List<ObjectiveResponse> objectives = Pages.collectAll(
                    PageOptions.firstPage().withNameContains(nameContains),
                    page -> client.listObjectives(project, all, page),
                    ListObjectivesResponse::objectives,
                    ListObjectivesResponse::nextPageToken);
            output.print(new ListObjectivesResponse(objectives, null), () -> {
                Table table =
                        new Table("NAME", "TASK TYPE", "PRIMARY METRIC", "CURRENT TAGS", "ARCHIVED", "CREATED BY");
                objectives.forEach(objective -> table.addRow(
                        objective.name(),
                        objective.taskType(),
                        GovernanceText.primaryMetric(objective),
                        GovernanceText.currentTags(objective),
                        objective.archived() ? "yes" : "no",
                        objective.createdBy()));
                return table.render();
            });
        }
    }

    @Command(
            name = "show",
            description = "Show an objective: metrics, current tags, metadata fields, release checks, evaluation.")
    static final class ShowObjective extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        ShowObjective(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ObjectiveResponse shown = client.getObjective(project, objective);
            output.print(shown, () -> GovernanceText.objective(shown));
        }
    }

    @Command(
            name = "update",
            description = {
                "Change an objective. Only the options given change; --metric, --field, --check,"
                        + " --evaluation-dataset, --subset, --feature-column and --class-label replace the whole list"
                        + " they belong to."
            })
    static final class UpdateObjective extends DefinitionOptions {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        UpdateObjective(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            UpdateObjectiveRequest request = new UpdateObjectiveRequest(
                    description,
                    labelColumn,
                    metricSpecs(),
                    GovernanceSpecs.tagList(tags),
                    GovernanceSpecs.tagList(protectedTags),
                    fieldSpecs(),
                    checkSpecs(),
                    evaluationGiven()
                            ? evaluationSpec(
                                    client.getObjective(project, objective).evaluation())
                            : null,
                    null);
            ObjectiveResponse updated = client.updateObjective(project, objective, request);
            output.print(updated, () -> "Updated objective " + updated.name() + ".\n");
        }
    }

    @Command(
            name = "archive",
            description = "Archive an objective: it stays readable with its releases, but takes no new submissions.")
    static final class ArchiveObjective extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        ArchiveObjective(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ObjectiveResponse archived = client.archiveObjective(project, objective);
            output.print(archived, () -> "Archived objective " + archived.name() + " of project " + project + ".\n");
        }
    }
}

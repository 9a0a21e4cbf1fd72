package dev.modelyard.cli;

import dev.modelyard.api.ListSubmissionsResponse;
import dev.modelyard.api.MetadataFieldSpec;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.api.SubmissionResponse;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.Pages;
import dev.modelyard.client.SubmissionQuery;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard submissions …}: list, show and withdraw submissions. */
@Command(
        name = "submissions",
        description = "List submissions side by side by metadata, show one with its review thread, withdraw one.",
        subcommands = {
            SubmissionsCommand.ListSubmissions.class,
            SubmissionsCommand.ShowSubmission.class,
            SubmissionsCommand.WithdrawSubmission.class
        })
final class SubmissionsCommand extends GroupCommand {

    @Command(
            name = "list",
            description = {
                "List an objective's submissions with one column per metadata field, to compare models.",
                "Example: submissions list churn churn --status approved --where framework=xgboost"
            })
    static final class ListSubmissions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Option(
                names = "--status",
                paramLabel = "STATUS",
                description = "Only this status: open, approved, changes_requested, rejected or withdrawn.")
        String status;

        @Option(
                names = "--where",
                paramLabel = "FIELD=VALUE",
                description = "Only submissions whose metadata FIELD equals VALUE (repeatable).")
        List<String> where = new ArrayList<>();

        ListSubmissions(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            SubmissionQuery query = SubmissionQuery.everything().withStatus(status);
            for (String filter : where) {
                Map.Entry<String, String> entry = GovernanceSpecs.keyValue("--where", filter);
                query = query.withMetadata(entry.getKey(), entry.getValue());
            }
            SubmissionQuery filters = query;
            List<SubmissionResponse> submissions = Pages.collectAll(
                    PageOptions.firstPage(),
                    page -> client.listSubmissions(project, objective, filters.withPage(page)),
                    ListSubmissionsResponse::submissions,
                    ListSubmissionsResponse::nextPageToken);
            if (output.isJson()) {
                output.print(new ListSubmissionsResponse(submissions, null), () -> "");
                return;
            }
            ObjectiveResponse target = client.getObjective(project, objective);
            output.print(submissions, () -> table(target, submissions));
        }

        /** The fixed columns, then one per metadata field: the objective's fields first, then any other key. */
        static String table(ObjectiveResponse objective, List<SubmissionResponse> submissions) {
            Set<String> fields = new LinkedHashSet<>();
            if (objective.metadataFields() != null) {
                objective.metadataFields().stream().map(MetadataFieldSpec::name).forEach(fields::add);
            }
            submissions.stream()
                    .filter(submission -> submission.metadata() != null)
                    .forEach(submission -> fields.addAll(submission.metadata().keySet()));
            List<String> headers = new ArrayList<>(
                    List.of("#", "MODEL", "VERSION", "STATUS", "APPROVALS", "RELEASE", "SUBMITTED BY", "SUBMITTED AT"));
            fields.forEach(field -> headers.add(field.toUpperCase(Locale.ROOT)));
            Table table = new Table(headers.toArray(String[]::new));
            for (SubmissionResponse submission : submissions) {
                List<Object> row = new ArrayList<>(List.of(
                        submission.number(),
                        submission.model(),
                        submission.modelVersion(),
                        submission.status(),
                        submission.approvals()));
                row.add(submission.release());
                row.add(submission.submittedBy());
                row.add(Formats.instant(submission.createdAt()));
                Map<String, Object> metadata = submission.metadata() == null ? Map.of() : submission.metadata();
                fields.forEach(field -> row.add(GovernanceText.value(metadata.get(field))));
                table.addRow(row.toArray());
            }
            return table.render();
        }
    }

    @Command(name = "show", description = "Show one submission: its snapshot, metadata and review thread.")
    static final class ShowSubmission extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "N", description = "The submission number.")
        int number;

        ShowSubmission(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            SubmissionResponse submission = client.getSubmission(project, objective, number);
            output.print(submission, () -> GovernanceText.submission(submission));
        }
    }

    @Command(
            name = "withdraw",
            description = "Withdraw your submission (final: it can no longer be reviewed or released).")
    static final class WithdrawSubmission extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "N", description = "The submission number.")
        int number;

        WithdrawSubmission(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            SubmissionResponse submission = client.withdrawSubmission(project, objective, number);
            output.print(
                    submission,
                    () -> "Withdrew submission #" + submission.number() + " of objective " + objective + " ("
                            + submission.status() + ").\n");
        }
    }
}

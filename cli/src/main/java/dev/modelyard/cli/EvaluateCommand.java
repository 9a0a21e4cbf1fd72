package dev.modelyard.cli;

import dev.modelyard.api.EvaluationJobResponse;
import dev.modelyard.api.ListEvaluationJobsResponse;
import dev.modelyard.api.RequestEvaluationRequest;
import dev.modelyard.client.ModelyardClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard evaluate}: asks for evaluations, and with {@code --wait} follows them to the end. */
@Command(
        name = "evaluate",
        description = {
            "Evaluate submissions now: one (--submission) or every open one, on one evaluation dataset (--dataset)"
                    + " or all, on one version (--version) or the current one.",
            "With --wait, follow the jobs with a progress bar on stderr until they finish; a failed job makes the"
                    + " command fail with its error."
        })
final class EvaluateCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PROJECT")
    String project;

    @Parameters(index = "1", paramLabel = "OBJECTIVE")
    String objective;

    @Option(
            names = "--submission",
            paramLabel = "NUMBER",
            description = "Only this submission (default: every open one).")
    Integer submission;

    @Option(names = "--dataset", paramLabel = "DATASET", description = "Only this evaluation dataset (default: all).")
    String dataset;

    @Option(
            names = "--version",
            paramLabel = "VERSION",
            description = "This version of --dataset (default: the one the objective evaluates on now).")
    Integer version;

    @Option(names = "--wait", description = "Wait until the jobs finish.")
    boolean wait;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "How long --wait waits (default 600); the jobs go on in the background after it.")
    long timeoutSeconds = 600;

    EvaluateCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        if (version != null && dataset == null) {
            throw new CliUsageException("--version needs --dataset: say which dataset's version");
        }
        ListEvaluationJobsResponse queued = client.requestEvaluation(
                project, objective, new RequestEvaluationRequest(submission, dataset, version));
        if (!wait) {
            output.print(
                    queued,
                    () -> "Queued " + queued.jobs().size() + " evaluation job(s); follow them with 'modelyard"
                            + " evaluations " + project + " " + objective + "'.\n\n"
                            + EvaluationText.jobs(queued.jobs()));
            return;
        }
        List<EvaluationJobResponse> finished = EvaluationWait.await(
                client,
                project,
                objective,
                queued.jobs(),
                Duration.ofSeconds(timeoutSeconds),
                output.isJson() ? Optional.empty() : Optional.of(root.context().err()));
        output.print(new ListEvaluationJobsResponse(finished), () -> EvaluationText.jobs(finished));
        EvaluationWait.requireSucceeded(finished);
    }
}

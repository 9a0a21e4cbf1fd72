package dev.modelyard.cli;

import dev.modelyard.api.EvaluationJobResponse;
import dev.modelyard.api.ListEvaluationJobsResponse;
import dev.modelyard.client.ModelyardClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard evaluations}: an objective's evaluation jobs. */
@Command(
        name = "evaluations",
        description = {
            "List an objective's evaluation jobs, newest first: status, rows scored and any error.",
            "With --wait, wait until the unfinished ones have finished."
        })
final class EvaluationsCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PROJECT")
    String project;

    @Parameters(index = "1", paramLabel = "OBJECTIVE")
    String objective;

    @Option(names = "--submission", paramLabel = "NUMBER", description = "Only this submission's jobs.")
    Integer submission;

    @Option(
            names = "--wait",
            description = "Wait until every job listed has finished (a progress bar on stderr); a failed one makes"
                    + " the command fail with its error.")
    boolean wait;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "How long --wait waits (default 600); the jobs go on in the background after it.")
    long timeoutSeconds = 600;

    EvaluationsCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        ListEvaluationJobsResponse jobs =
                client.listEvaluationJobs(project, objective, Optional.ofNullable(submission));
        if (!wait) {
            output.print(jobs, () -> EvaluationText.jobs(jobs.jobs()));
            return;
        }
        List<EvaluationJobResponse> waited = EvaluationWait.await(
                client,
                project,
                objective,
                jobs.jobs().stream()
                        .filter(job -> !EvaluationText.finished(job))
                        .toList(),
                Duration.ofSeconds(timeoutSeconds),
                output.isJson() ? Optional.empty() : Optional.of(root.context().err()));
        Map<String, EvaluationJobResponse> ended =
                waited.stream().collect(Collectors.toMap(EvaluationJobResponse::id, Function.identity()));
        List<EvaluationJobResponse> all = jobs.jobs().stream()
                .map(job -> ended.getOrDefault(job.id(), job))
                .toList();
        output.print(new ListEvaluationJobsResponse(all), () -> EvaluationText.jobs(all));
        EvaluationWait.requireSucceeded(waited);
    }
}

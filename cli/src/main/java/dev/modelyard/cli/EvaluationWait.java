package dev.modelyard.cli;

import dev.modelyard.api.EvaluationJobResponse;
import dev.modelyard.client.ModelyardClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;

/**
 * Polls evaluation jobs until every one has finished, drawing the rows scored on a progress bar;
 * the timeout ends the wait with how far the jobs got (they go on in the background).
 */
final class EvaluationWait {
    static final Duration POLL = Duration.ofMillis(500);

    private EvaluationWait() {}

    /**
     * Waits for {@code jobs} and returns them as they ended, in the same order.
     *
     * @param err where the bar goes; empty: no bar
     */
    static List<EvaluationJobResponse> await(
            ModelyardClient client,
            String project,
            String objective,
            List<EvaluationJobResponse> jobs,
            Duration timeout,
            Optional<PrintStream> err) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<EvaluationJobResponse> current = new ArrayList<>(jobs);
        ProgressBar bar =
                err.isPresent() && !current.isEmpty() && !current.stream().allMatch(EvaluationText::finished)
                        ? ProgressBars.rows(err.get(), "Evaluating", totalRows(current))
                        : null;
        try {
            while (true) {
                if (bar != null) {
                    bar.maxHint(Math.max(1, totalRows(current))).stepTo(rowsDone(current));
                }
                if (current.stream().allMatch(EvaluationText::finished)) {
                    return current;
                }
                if (System.nanoTime() > deadline) {
                    throw new CommandFailedException(
                            "EVALUATION_TIMEOUT",
                            "the evaluation is not finished after " + timeout.toSeconds() + " s (" + rowsDone(current)
                                    + " of " + totalRows(current) + " rows); it goes on in the background: follow it"
                                    + " with 'modelyard evaluations " + project + " " + objective + "'");
                }
                sleep();
                for (int i = 0; i < current.size(); i++) {
                    if (!EvaluationText.finished(current.get(i))) {
                        current.set(
                                i,
                                client.getEvaluationJob(
                                        project, objective, current.get(i).id()));
                    }
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** Fails with every failed job's error, if any failed. */
    static void requireSucceeded(List<EvaluationJobResponse> jobs) {
        List<EvaluationJobResponse> failed =
                jobs.stream().filter(job -> "failed".equals(job.status())).toList();
        if (!failed.isEmpty()) {
            throw new CommandFailedException(
                    "EVALUATION_FAILED",
                    failed.stream()
                            .map(job -> "evaluation of submission #" + job.submission() + " on dataset '"
                                    + job.dataset() + "' version " + job.datasetVersion() + " failed: " + job.error())
                            .collect(Collectors.joining("; ")));
        }
    }

    private static long totalRows(List<EvaluationJobResponse> jobs) {
        return jobs.stream().mapToLong(EvaluationJobResponse::rowsTotal).sum();
    }

    /** Rows scored so far; a finished job counts whole. */
    private static long rowsDone(List<EvaluationJobResponse> jobs) {
        return jobs.stream()
                .mapToLong(job ->
                        EvaluationText.finished(job) ? job.rowsTotal() : Math.min(job.rowsDone(), job.rowsTotal()))
                .sum();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("INTERRUPTED", "interrupted while waiting for the evaluation");
        }
    }
}

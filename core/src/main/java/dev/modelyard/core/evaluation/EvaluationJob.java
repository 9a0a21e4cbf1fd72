package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.Optional;

/**
 * One run of a submission's model over one version of an evaluation dataset, computing a metric
 * set for all rows and one per subset. Jobs run in the background, one worker at a time each: a
 * worker claims a queued job, beats its heart while running, and finishes it. A job whose worker
 * stopped beating (a crash, a kill) is queued again for another attempt, or failed with the
 * reason once its attempts are used up; it never stays {@code RUNNING}.
 *
 * @param attempt how many times a worker has started it (0 while first queued)
 * @param rowsDone rows scored so far in the current attempt
 * @param rowsTotal rows of the dataset version
 * @param worker the worker running it, while running
 * @param heartbeatAt the last sign of life of that worker
 */
public record EvaluationJob(
        String id,
        String objectiveId,
        String submissionId,
        String datasetId,
        String datasetVersionId,
        int datasetVersionNumber,
        JobTrigger trigger,
        JobStatus status,
        int attempt,
        long rowsDone,
        long rowsTotal,
        Optional<String> error,
        Optional<String> worker,
        Optional<Instant> heartbeatAt,
        UserRef requestedBy,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt) {
    public EvaluationJob {
        requireNonNull(id, "id is null");
        requireNonNull(objectiveId, "objectiveId is null");
        requireNonNull(submissionId, "submissionId is null");
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(datasetVersionId, "datasetVersionId is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(status, "status is null");
        requireNonNull(error, "error is null");
        requireNonNull(worker, "worker is null");
        requireNonNull(heartbeatAt, "heartbeatAt is null");
        requireNonNull(requestedBy, "requestedBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
    }

    /** A new job, waiting for a worker. */
    public static EvaluationJob queued(
            String id,
            String objectiveId,
            String submissionId,
            String datasetId,
            String datasetVersionId,
            int datasetVersionNumber,
            long rowsTotal,
            JobTrigger trigger,
            UserRef requestedBy,
            Instant now) {
        return new EvaluationJob(
                id,
                objectiveId,
                submissionId,
                datasetId,
                datasetVersionId,
                datasetVersionNumber,
                trigger,
                JobStatus.QUEUED,
                0,
                0,
                rowsTotal,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                requestedBy,
                now,
                Optional.empty(),
                Optional.empty());
    }
}

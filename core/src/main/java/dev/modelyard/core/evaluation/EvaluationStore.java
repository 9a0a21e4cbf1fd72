package dev.modelyard.core.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of evaluation jobs and metric sets, bound to the caller's transaction. */
public interface EvaluationStore {
    void insertJob(EvaluationJob job);

    Optional<EvaluationJob> findJob(String jobId);

    /**
     * An objective's jobs, newest first, optionally of one submission only, at most {@code limit}.
     */
    List<EvaluationJob> listJobs(String objectiveId, Optional<String> submissionId, int limit);

    /** Whether a queued or running job exists for this submission on this dataset version. */
    boolean hasUnfinishedJob(String submissionId, String datasetVersionId);

    /**
     * Claims the oldest queued job for {@code worker}: it becomes {@code RUNNING}, its attempt
     * grows by one, and its heartbeat and start are {@code now}. Two workers never claim the same
     * job.
     */
    Optional<EvaluationJob> claimNextJob(String worker, Instant now);

    /**
     * Records progress and a sign of life; false when the job is no longer this worker's (it was
     * taken back after a missed heartbeat), in which case the worker stops.
     */
    boolean heartbeat(String jobId, String worker, long rowsDone, Instant now);

    /**
     * Ends a running job of this worker as succeeded or failed (with {@code error}); false when
     * the job is no longer this worker's, in which case nothing changes.
     */
    boolean finishJob(String jobId, String worker, JobStatus status, Optional<String> error, Instant now);

    /**
     * Takes back every running job whose heartbeat is older than {@code staleBefore}: a job with
     * fewer than {@code maxAttempts} attempts is queued again, the others fail with {@code
     * reason}. Returns the jobs as they are afterwards.
     */
    List<EvaluationJob> recoverStaleJobs(Instant staleBefore, int maxAttempts, String reason, Instant now);

    /** Fails every queued or running job of a submission (it was withdrawn or rejected). */
    int failUnfinishedJobs(String submissionId, String reason, Instant now);

    /**
     * Stores the metric sets an evaluation computed, replacing those an earlier evaluation of the
     * same submission on the same dataset version stored (ad hoc sets stay).
     */
    void replaceEvaluatedMetricSets(String submissionId, String datasetVersionId, List<MetricSetRecord> metricSets);

    void insertMetricSet(MetricSetRecord metricSet);

    Optional<MetricSetRecord> findMetricSet(String metricSetId);

    /** A submission's metric sets, newest first. */
    List<MetricSetRecord> listMetricSets(String submissionId);

    /**
     * The metric sets of an objective's submissions on one dataset version and subset (empty: all
     * rows), newest first.
     */
    List<MetricSetRecord> listMetricSets(String objectiveId, String datasetVersionId, Optional<String> subset);
}

package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.PageRequest;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.submission.SubmissionQuery;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.user.UserRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides which evaluation jobs to queue, inside the caller's transaction, so a submission, an
 * objective change or a dataset version and the jobs it causes commit together. After the
 * commit, the caller calls {@link #wakeUp()} so a worker starts at once instead of at its next
 * poll.
 */
public final class EvaluationQueue {
    private final Clock clock;
    private volatile Runnable wakeUp = () -> {};

    public EvaluationQueue(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Sets what {@link #wakeUp()} runs: the worker's signal. */
    public void onWakeUp(Runnable signal) {
        this.wakeUp = requireNonNull(signal, "signal is null");
    }

    /** Tells the workers that jobs are waiting. */
    public void wakeUp() {
        wakeUp.run();
    }

    /** The version an evaluation dataset currently means: the pinned one, or the newest. */
    public static Optional<DatasetVersion> currentVersion(Stores stores, EvaluationDataset dataset) {
        return switch (dataset.policy()) {
            case PINNED ->
                stores.datasets()
                        .findVersion(dataset.datasetId(), dataset.version().orElseThrow());
            case LATEST -> stores.datasets().findLatestVersion(dataset.datasetId());
        };
    }

    /**
     * Queues a job for every pair of these submissions and the current version of each of the
     * objective's evaluation datasets that has neither an evaluated metric set nor an unfinished
     * job. Final submissions (rejected, withdrawn) are left alone.
     */
    public List<EvaluationJob> enqueueMissing(
            Stores stores, Objective objective, List<Submission> submissions, JobTrigger trigger, UserRef requestedBy) {
        List<EvaluationJob> queued = new ArrayList<>();
        for (EvaluationDataset dataset : objective.evaluation().datasets()) {
            Optional<DatasetVersion> version = currentVersion(stores, dataset);
            if (version.isEmpty()) {
                continue;
            }
            for (Submission submission : submissions) {
                if (submission.status().terminal()
                        || stores.evaluations()
                                .hasUnfinishedJob(submission.id(), version.get().id())
                        || evaluated(stores, objective, submission, version.get())) {
                    continue;
                }
                queued.add(enqueue(stores, objective, submission, version.get(), trigger, requestedBy));
            }
        }
        return queued;
    }

    /** Queues missing jobs for every open submission of the objective. */
    public List<EvaluationJob> enqueueMissingForOpenSubmissions(
            Stores stores, Objective objective, JobTrigger trigger, UserRef requestedBy) {
        if (objective.evaluation().datasets().isEmpty() || objective.archived()) {
            return List.of();
        }
        return enqueueMissing(stores, objective, allSubmissions(stores, objective), trigger, requestedBy);
    }

    /**
     * Queues one job, unless one for the same submission and version is already waiting or
     * running, which is then returned instead.
     */
    public EvaluationJob enqueue(
            Stores stores,
            Objective objective,
            Submission submission,
            DatasetVersion version,
            JobTrigger trigger,
            UserRef requestedBy) {
        if (stores.evaluations().hasUnfinishedJob(submission.id(), version.id())) {
            return stores.evaluations().listJobs(objective.id(), Optional.of(submission.id()), 1000).stream()
                    .filter(job -> job.datasetVersionId().equals(version.id())
                            && !job.status().finished())
                    .findFirst()
                    .orElseThrow();
        }
        EvaluationJob job = EvaluationJob.queued(
                UUID.randomUUID().toString(),
                objective.id(),
                submission.id(),
                version.datasetId(),
                version.id(),
                version.number(),
                version.rowCount(),
                trigger,
                requestedBy,
                clock.instant());
        stores.evaluations().insertJob(job);
        return job;
    }

    /** Whether an evaluation stored a set for all rows and for each of the objective's subsets now. */
    private static boolean evaluated(
            Stores stores, Objective objective, Submission submission, DatasetVersion version) {
        Set<Optional<String>> stored = new HashSet<>();
        for (MetricSetRecord set : stores.evaluations().listMetricSets(submission.id())) {
            if (set.source() == MetricSource.EVALUATION
                    && set.datasetVersionId().equals(version.id())) {
                stored.add(set.subset().map(name -> name.toLowerCase(java.util.Locale.ROOT)));
            }
        }
        if (!stored.contains(Optional.<String>empty())) {
            return false;
        }
        return objective.evaluation().subsets().stream()
                .allMatch(subset -> stored.contains(Optional.of(subset.name().toLowerCase(java.util.Locale.ROOT))));
    }

    private static List<Submission> allSubmissions(Stores stores, Objective objective) {
        List<Submission> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Optional<String> after = Optional.empty();
        while (true) {
            PageRequest page = new PageRequest(PageRequest.MAX_MAX_RESULTS, after, Optional.empty());
            List<Submission> rows = stores.submissions()
                    .listSubmissions(objective.id(), new SubmissionQuery(Optional.empty(), Map.of(), page));
            for (Submission submission : rows) {
                if (seen.add(submission.id())) {
                    all.add(submission);
                }
            }
            if (rows.size() <= PageRequest.MAX_MAX_RESULTS) {
                return all;
            }
            after = Optional.of(sortKey(rows.get(PageRequest.MAX_MAX_RESULTS - 1)));
        }
    }

    private static String sortKey(Submission submission) {
        return Integer.toString(submission.number());
    }
}

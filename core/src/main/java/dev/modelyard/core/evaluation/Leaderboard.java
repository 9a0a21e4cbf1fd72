package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.objective.Metric;
import dev.modelyard.core.submission.Submission;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An objective's submissions ranked by the primary metric on one dataset version and subset.
 * Submissions with no value (not evaluated yet, failed, or the metric undefined) come last,
 * unranked, with what their evaluation is doing.
 */
public record Leaderboard(
        String objectiveName,
        String datasetName,
        int datasetVersion,
        Optional<String> subset,
        Metric primaryMetric,
        List<Metric> metrics,
        List<Entry> entries) {
    public Leaderboard {
        requireNonNull(objectiveName, "objectiveName is null");
        requireNonNull(datasetName, "datasetName is null");
        requireNonNull(subset, "subset is null");
        requireNonNull(primaryMetric, "primaryMetric is null");
        metrics = List.copyOf(requireNonNull(metrics, "metrics is null"));
        entries = List.copyOf(requireNonNull(entries, "entries is null"));
    }

    /**
     * One submission's line: its rank (ties share one, the next rank skips), its metric set and,
     * without one, what its evaluation on this version is doing ({@code queued}, {@code running},
     * {@code failed: …}, {@code not evaluated}).
     */
    public record Entry(
            OptionalInt rank,
            Submission submission,
            Optional<String> release,
            Optional<MetricSetRecord> metricSet,
            String evaluation) {
        public Entry {
            requireNonNull(rank, "rank is null");
            requireNonNull(submission, "submission is null");
            requireNonNull(release, "release is null");
            requireNonNull(metricSet, "metricSet is null");
            requireNonNull(evaluation, "evaluation is null");
        }
    }
}

package dev.modelyard.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A deployment's champion and challenger compared over {@code [from, to)}, from its inference
 * history: which requests have rows of both ({@code pairs}), each role's calls, errors and
 * latency, how often and how far their answers differ, and each model's metrics once ground truth
 * exists (not yet: {@code ground_truth.available} is false).
 */
public record ChallengerReportResponse(
        String deployment,
        String dataset,
        Instant from,
        Instant to,
        String taskType,
        long rowsRead,
        boolean truncated,
        Pairs pairs,
        Role champion,
        Role challenger,
        Agreement agreement,
        GroundTruth groundTruth) {

    /** Requests with rows of both roles, of the champion only, of the challenger only. */
    public record Pairs(long paired, long championOnly, long challengerOnly) {}

    /** One role's rows: error rate (null without calls), latency in microseconds (null without calls). */
    public record Role(
            long calls,
            long errors,
            Double errorRate,
            Summary latencyUs,
            Map<String, Long> releases,
            List<ErrorCount> topErrors) {}

    /** Nearest-rank percentiles, the largest value and the mean of {@code count} values. */
    public record Summary(long count, double p50, double p90, double p99, double max, double mean) {}

    public record ErrorCount(String error, long count) {}

    /**
     * Predictions compared ({@code compared}) and agreeing (same label); {@code agreement_rate} is
     * null for regression; {@code differences} is null when nothing could be measured.
     */
    public record Agreement(
            long compared,
            long agreeing,
            Double agreementRate,
            long incomparable,
            List<LabelPair> labelPairs,
            Differences differences) {}

    public record LabelPair(String champion, String challenger, long count) {}

    /** {@code histogram.counts[i]} values in [{@code edges[i]}, {@code edges[i + 1]}); the last bin is closed. */
    public record Differences(String measure, Summary absolute, Histogram histogram) {}

    public record Histogram(List<Double> edges, List<Long> counts) {}

    public record GroundTruth(boolean available, String note) {}
}

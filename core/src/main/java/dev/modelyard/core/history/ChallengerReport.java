package dev.modelyard.core.history;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.evaluation.ScoreMapping;
import dev.modelyard.core.history.ChallengerReportOutputs.Prediction;
import dev.modelyard.core.history.ChallengerReportOutputs.UnreadableOutput;
import dev.modelyard.core.objective.TaskType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The champion and the challenger of a deployment compared on the calls of a time window, from
 * the rows of its inference history. Pure: {@link #compute} only reads the rows given.
 *
 * <ul>
 *   <li>{@code pairs}: requests with a row of both roles ({@code paired}, matched by {@code
 *       request_uuid}), of the champion only (the challenger was sampled out, skipped, or not set
 *       then), of the challenger only.
 *   <li>Per role, over all its rows: calls, errors and the error rate, latency percentiles
 *       (nearest rank: the smallest value with at least p% of the values at or below it), the
 *       releases that answered and the most frequent errors.
 *   <li>{@code agreement}, over the predictions of paired requests that both answered (a request
 *       of several rows gives several predictions; see {@link ChallengerReportOutputs} for how an
 *       output becomes predictions): for classification, the share with the same label, the count
 *       of every (champion label, challenger label) pair, and the largest absolute difference
 *       between the two rows of scores, in ten bins of width 0.1 over [0, 1] (the last bin closed;
 *       larger differences count in it). For regression, the difference challenger − champion in
 *       ten equal bins between its smallest and largest value as {@code numpy.histogram(d,
 *       bins=10)} does, and its absolute value summarised; no agreement rate. Pairs whose outputs
 *       cannot be compared (a different number of rows, an output the objective cannot read) are
 *       counted as {@code incomparable}.
 *   <li>{@code groundTruth}: not available yet.
 * </ul>
 */
public record ChallengerReport(
        TaskType taskType,
        Pairs pairs,
        RoleSummary champion,
        RoleSummary challenger,
        Agreement agreement,
        GroundTruth groundTruth) {
    public static final int HISTOGRAM_BINS = 10;
    public static final int TOP_ERRORS = 5;
    public static final String GROUND_TRUTH_NOTE = "ground truth is not built yet: once labels can be joined to calls"
            + " by request_uuid, this report will show each model's metrics on them";

    public ChallengerReport {
        requireNonNull(taskType, "taskType is null");
        requireNonNull(pairs, "pairs is null");
        requireNonNull(champion, "champion is null");
        requireNonNull(challenger, "challenger is null");
        requireNonNull(agreement, "agreement is null");
        requireNonNull(groundTruth, "groundTruth is null");
    }

    /** Requests by which roles have a row for them. */
    public record Pairs(long paired, long championOnly, long challengerOnly) {}

    /** One role's rows: calls, errors, latency, the releases that answered, the commonest errors. */
    public record RoleSummary(
            long calls,
            long errors,
            OptionalDouble errorRate,
            Optional<Summary> latencyMicros,
            Map<String, Long> releases,
            List<ErrorCount> topErrors) {
        public RoleSummary {
            requireNonNull(errorRate, "errorRate is null");
            requireNonNull(latencyMicros, "latencyMicros is null");
            releases = java.util.Collections.unmodifiableMap(new TreeMap<>(releases));
            topErrors = List.copyOf(topErrors);
        }
    }

    /** Nearest-rank percentiles, the largest value and the mean of {@code count} values. */
    public record Summary(long count, double p50, double p90, double p99, double max, double mean) {}

    public record ErrorCount(String error, long count) {}

    /**
     * @param compared predictions of paired requests that both answered
     * @param agreeing of those, predictions with the same label (classification)
     * @param agreementRate {@code agreeing / compared}; empty for regression or when none compared
     * @param incomparable paired requests that both answered with outputs that cannot be compared
     * @param labelPairs (champion label, challenger label) counts, most frequent first
     * @param differences how far apart the answers are, when any could be measured
     */
    public record Agreement(
            long compared,
            long agreeing,
            OptionalDouble agreementRate,
            long incomparable,
            List<LabelPair> labelPairs,
            Optional<Differences> differences) {
        public Agreement {
            requireNonNull(agreementRate, "agreementRate is null");
            labelPairs = List.copyOf(labelPairs);
            requireNonNull(differences, "differences is null");
        }
    }

    public record LabelPair(String champion, String challenger, long count) {}

    /**
     * @param measure {@code max_abs_score_difference} (classification) or {@code difference}
     *     (regression: challenger − champion)
     * @param absolute the absolute values of the measure, summarised
     * @param histogram the measure in bins
     */
    public record Differences(String measure, Summary absolute, Histogram histogram) {}

    /** {@code counts[i]} values in [{@code edges[i]}, {@code edges[i + 1]}); the last bin is closed. */
    public record Histogram(List<Double> edges, List<Long> counts) {
        public Histogram {
            edges = List.copyOf(edges);
            counts = List.copyOf(counts);
        }
    }

    public record GroundTruth(boolean available, String note) {}

    /** The report on {@code rows} (history rows of any order; other roles are ignored). */
    public static ChallengerReport compute(List<ChallengerReportRow> rows, TaskType taskType, ScoreMapping mapping) {
        requireNonNull(taskType, "taskType is null");
        requireNonNull(mapping, "mapping is null");
        Map<String, ChallengerReportRow> champions = new LinkedHashMap<>();
        Map<String, ChallengerReportRow> challengers = new LinkedHashMap<>();
        for (ChallengerReportRow row : rows) {
            if (row.role().equals(HistoryRecord.CHAMPION)) {
                champions.putIfAbsent(row.requestUuid(), row);
            } else if (row.role().equals(HistoryRecord.CHALLENGER)) {
                challengers.putIfAbsent(row.requestUuid(), row);
            }
        }
        long paired =
                champions.keySet().stream().filter(challengers::containsKey).count();
        return new ChallengerReport(
                taskType,
                new Pairs(paired, champions.size() - paired, challengers.size() - paired),
                summarise(champions.values()),
                summarise(challengers.values()),
                agreement(champions, challengers, taskType, mapping),
                new GroundTruth(false, GROUND_TRUTH_NOTE));
    }

    private static RoleSummary summarise(Collection<ChallengerReportRow> rows) {
        long errors = rows.stream().filter(ChallengerReportRow::failed).count();
        double[] latencies =
                rows.stream().mapToDouble(ChallengerReportRow::latencyMicros).toArray();
        Map<String, Long> releases = new HashMap<>();
        Map<String, Long> errorCounts = new HashMap<>();
        for (ChallengerReportRow row : rows) {
            releases.merge(row.release().orElse("unknown"), 1L, Long::sum);
            row.error().ifPresent(error -> errorCounts.merge(error, 1L, Long::sum));
        }
        List<ErrorCount> topErrors = errorCounts.entrySet().stream()
                .map(entry -> new ErrorCount(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparingLong(ErrorCount::count).reversed().thenComparing(ErrorCount::error))
                .limit(TOP_ERRORS)
                .toList();
        return new RoleSummary(
                rows.size(),
                errors,
                rows.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of((double) errors / rows.size()),
                summary(latencies),
                releases,
                topErrors);
    }

    private static Agreement agreement(
            Map<String, ChallengerReportRow> champions,
            Map<String, ChallengerReportRow> challengers,
            TaskType taskType,
            ScoreMapping mapping) {
        boolean regression = taskType == TaskType.REGRESSION;
        long compared = 0;
        long agreeing = 0;
        long incomparable = 0;
        Map<List<String>, Long> labelPairs = new HashMap<>();
        List<Double> measured = new ArrayList<>();
        for (Map.Entry<String, ChallengerReportRow> entry : champions.entrySet()) {
            ChallengerReportRow champion = entry.getValue();
            ChallengerReportRow challenger = challengers.get(entry.getKey());
            if (challenger == null
                    || champion.failed()
                    || challenger.failed()
                    || champion.output().isEmpty()
                    || challenger.output().isEmpty()) {
                continue;
            }
            List<Prediction> championPredictions;
            List<Prediction> challengerPredictions;
            try {
                championPredictions =
                        ChallengerReportOutputs.read(champion.output().get(), taskType, mapping);
                challengerPredictions =
                        ChallengerReportOutputs.read(challenger.output().get(), taskType, mapping);
            } catch (UnreadableOutput e) {
                incomparable++;
                continue;
            }
            if (championPredictions.size() != challengerPredictions.size()) {
                incomparable++;
                continue;
            }
            for (int row = 0; row < championPredictions.size(); row++) {
                Prediction ours = championPredictions.get(row);
                Prediction theirs = challengerPredictions.get(row);
                compared++;
                if (regression) {
                    measured.add(theirs.value() - ours.value());
                    continue;
                }
                if (ours.label().equals(theirs.label())) {
                    agreeing++;
                }
                labelPairs.merge(List.of(ours.label(), theirs.label()), 1L, Long::sum);
                if (ours.scores() != null
                        && theirs.scores() != null
                        && ours.scores().length == theirs.scores().length) {
                    double largest = 0;
                    for (int column = 0; column < ours.scores().length; column++) {
                        largest = Math.max(largest, Math.abs(theirs.scores()[column] - ours.scores()[column]));
                    }
                    measured.add(largest);
                }
            }
        }
        List<LabelPair> pairs = labelPairs.entrySet().stream()
                .map(pair -> new LabelPair(pair.getKey().get(0), pair.getKey().get(1), pair.getValue()))
                .sorted(Comparator.comparingLong(LabelPair::count)
                        .reversed()
                        .thenComparing(LabelPair::champion)
                        .thenComparing(LabelPair::challenger))
                .toList();
        double[] values = measured.stream().mapToDouble(Double::doubleValue).toArray();
        double[] absolute = Arrays.stream(values).map(Math::abs).toArray();
        Optional<Differences> differences = summary(absolute)
                .map(summary -> new Differences(
                        regression ? "difference" : "max_abs_score_difference",
                        summary,
                        regression ? histogram(values) : unitHistogram(values)));
        return new Agreement(
                compared,
                agreeing,
                regression || compared == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) agreeing / compared),
                incomparable,
                pairs,
                differences);
    }

    /** Nearest-rank percentiles, max and mean; empty for no values. */
    static Optional<Summary> summary(double[] values) {
        if (values.length == 0) {
            return Optional.empty();
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double value : sorted) {
            sum += value;
        }
        return Optional.of(new Summary(
                sorted.length,
                nearestRank(sorted, 50),
                nearestRank(sorted, 90),
                nearestRank(sorted, 99),
                sorted[sorted.length - 1],
                sum / sorted.length));
    }

    /** The smallest value with at least {@code percent}% of the values at or below it. */
    static double nearestRank(double[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Ten bins of width 0.1 over [0, 1]; values above 1 count in the last bin. */
    private static Histogram unitHistogram(double[] values) {
        List<Double> edges = new ArrayList<>(HISTOGRAM_BINS + 1);
        for (int edge = 0; edge <= HISTOGRAM_BINS; edge++) {
            edges.add(edge / (double) HISTOGRAM_BINS);
        }
        return count(values, edges);
    }

    /**
     * Ten equal bins from the smallest to the largest value, as {@code numpy.histogram(values,
     * bins=10)}: edges {@code min + i × (max − min) / 10}, the last exactly {@code max}; when all
     * values are equal, the range is [value − 0.5, value + 0.5].
     */
    static Histogram histogram(double[] values) {
        double low = Arrays.stream(values).min().orElseThrow();
        double high = Arrays.stream(values).max().orElseThrow();
        if (low == high) {
            low -= 0.5;
            high += 0.5;
        }
        double step = (high - low) / HISTOGRAM_BINS;
        List<Double> edges = new ArrayList<>(HISTOGRAM_BINS + 1);
        for (int edge = 0; edge < HISTOGRAM_BINS; edge++) {
            edges.add(low + edge * step);
        }
        edges.add(high);
        return count(values, edges);
    }

    /** Counts each value in the last bin whose lower edge it reaches (clamped to the first and last bins). */
    private static Histogram count(double[] values, List<Double> edges) {
        long[] counts = new long[edges.size() - 1];
        for (double value : values) {
            int bin = 0;
            while (bin + 1 < counts.length && value >= edges.get(bin + 1)) {
                bin++;
            }
            counts[bin]++;
        }
        return new Histogram(edges, Arrays.stream(counts).boxed().toList());
    }
}

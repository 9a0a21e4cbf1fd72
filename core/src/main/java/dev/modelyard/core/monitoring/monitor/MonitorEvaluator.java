package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.monitoring.drift.DatasetDrift;
import dev.modelyard.core.monitoring.drift.DriftDetector;
import dev.modelyard.core.monitoring.drift.DriftSettings;
import dev.modelyard.core.monitoring.drift.FeatureDrift;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes monitor values and usage reports from a deployment's recorded calls. Several windows are
 * computed from one scan of the history.
 *
 * <ul>
 *   <li>{@code error_rate}: failed calls / calls; no data without calls.
 *   <li>{@code latency_p50}, {@code latency_p99}: exact percentiles (linear interpolation between
 *       the closest ranks, as numpy's default) of the answered calls' {@code latency_us}, in
 *       milliseconds; no data without answered calls.
 *   <li>{@code calls}: the number of calls, answered or failed (0 is a value, not "no data").
 *   <li>{@code drift}: the answered calls' inputs (read as {@link InputFeatures} describes) against
 *       a baseline: a dataset version whose columns are named as the features ({@link
 *       #BASELINE_DATASET}, {@link #BASELINE_VERSION}) or a fixed earlier span of the history ({@link
 *       #BASELINE_FROM}, {@link #BASELINE_TO}). The value is the share of compared features that
 *       drifted ({@link DriftDetector}, default {@link DriftSettings}), or, with {@link #FEATURE}, that
 *       feature's deciding statistic or the one named by {@link #STATISTIC}. Features found on one
 *       side only, or numeric on one side and categorical on the other, are left out (and listed).
 * </ul>
 */
public final class MonitorEvaluator {
    public static final String BASELINE_DATASET = "baseline_dataset";
    public static final String BASELINE_VERSION = "baseline_version";
    public static final String BASELINE_FROM = "baseline_from";
    public static final String BASELINE_TO = "baseline_to";
    public static final String FEATURE = "feature";
    public static final String STATISTIC = "statistic";
    /** The statistics a drift monitor of one feature may report. */
    public static final List<String> STATISTICS = List.of(
            FeatureDrift.KOLMOGOROV_SMIRNOV_STATISTIC,
            FeatureDrift.KOLMOGOROV_SMIRNOV_P_VALUE,
            FeatureDrift.WASSERSTEIN_DISTANCE,
            FeatureDrift.WASSERSTEIN_NORMALIZED,
            FeatureDrift.POPULATION_STABILITY_INDEX,
            FeatureDrift.JENSEN_SHANNON_DISTANCE,
            FeatureDrift.CHI_SQUARED_STATISTIC,
            FeatureDrift.CHI_SQUARED_P_VALUE,
            FeatureDrift.NEW_CATEGORIES);

    private static final Logger LOG = LoggerFactory.getLogger(MonitorEvaluator.class);
    private static final int LISTED_FEATURES = 100;
    private static final int LISTED_CALLERS = 100;

    private final MonitorData data;
    private final DriftDetector detector;

    public MonitorEvaluator(MonitorData data, DriftSettings driftSettings) {
        this.data = requireNonNull(data, "data is null");
        this.detector = new DriftDetector(requireNonNull(driftSettings, "driftSettings is null"));
    }

    /** Calls answered at or after {@code start} and before {@code end}. */
    public record Window(Instant start, Instant end) {
        public Window {
            requireNonNull(start, "start is null");
            requireNonNull(end, "end is null");
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("a window starts before it ends");
            }
        }

        boolean contains(Instant instant) {
            return !instant.isBefore(start) && instant.isBefore(end);
        }
    }

    /** One window's value, its status by the monitor's thresholds, and what it was computed from. */
    public record Outcome(Window window, Optional<Double> value, MonitorStatus status, Map<String, Object> details) {
        public Outcome {
            requireNonNull(window, "window is null");
            requireNonNull(value, "value is null");
            requireNonNull(status, "status is null");
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }

    /** The monitor's value over each window, in the order given. Never throws for bad data: those windows are {@code error}. */
    public List<Outcome> evaluate(Monitor monitor, List<Window> windows) {
        requireNonNull(monitor, "monitor is null");
        if (windows.isEmpty()) {
            return List.of();
        }
        try {
            return compute(monitor, windows);
        } catch (MonitorEvaluationException e) {
            return failed(windows, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("monitor {} could not be computed", monitor.id(), e);
            return failed(windows, "internal error: " + e.getMessage());
        }
    }

    private List<Outcome> compute(Monitor monitor, List<Window> windows) {
        boolean drift = monitor.kind() == MonitorKind.DRIFT;
        Instant from = windows.stream()
                .map(Window::start)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        Instant to =
                windows.stream().map(Window::end).max(Comparator.naturalOrder()).orElseThrow();
        FeatureSamples baseline = drift ? baseline(monitor) : null;
        List<Accumulator> accumulators = new ArrayList<>();
        for (int index = 0; index < windows.size(); index++) {
            accumulators.add(new Accumulator(drift));
        }
        Map<String, List<String>> featureNames = new HashMap<>();
        data.scanCalls(monitor.deploymentId(), from, to, drift, call -> {
            for (int index = 0; index < windows.size(); index++) {
                if (!windows.get(index).contains(call.timestamp())) {
                    continue;
                }
                Accumulator accumulator = accumulators.get(index);
                accumulator.add(call);
                if (drift && !call.failed() && call.input().isPresent()) {
                    List<String> names = call.modelVersionId()
                            .map(id -> featureNames.computeIfAbsent(id, data::featureNames))
                            .orElse(List.of());
                    if (InputFeatures.add(accumulator.features, call.input().get(), names) == 0) {
                        accumulator.unusableInputs++;
                    }
                }
            }
        });
        List<Outcome> outcomes = new ArrayList<>();
        for (int index = 0; index < windows.size(); index++) {
            outcomes.add(outcome(monitor, windows.get(index), accumulators.get(index), baseline));
        }
        return outcomes;
    }

    private Outcome outcome(Monitor monitor, Window window, Accumulator accumulator, FeatureSamples baseline) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("calls", accumulator.calls);
        details.put("errors", accumulator.errors);
        Optional<Double> value =
                switch (monitor.kind()) {
                    case ERROR_RATE ->
                        accumulator.calls == 0
                                ? Optional.empty()
                                : Optional.of((double) accumulator.errors / accumulator.calls);
                    case CALLS -> Optional.of((double) accumulator.calls);
                    case LATENCY_P50 -> accumulator.latencyMillis(0.5);
                    case LATENCY_P99 -> accumulator.latencyMillis(0.99);
                    case DRIFT -> {
                        try {
                            yield drift(monitor, baseline, accumulator, details);
                        } catch (MonitorEvaluationException e) {
                            details.put("error", e.getMessage());
                            yield Optional.empty();
                        }
                    }
                };
        MonitorStatus status;
        if (details.containsKey("error")) {
            status = MonitorStatus.ERROR;
        } else if (value.isEmpty()) {
            status = MonitorStatus.NO_DATA;
        } else {
            double number = value.get();
            if (!Double.isFinite(number)) {
                details.put("value_note", "the statistic is " + number + "; stored as the largest finite number");
                number = number > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
                value = Optional.of(number);
            }
            status = monitor.thresholds().statusOf(number);
        }
        return new Outcome(window, value, status, details);
    }

    private Optional<Double> drift(
            Monitor monitor, FeatureSamples baseline, Accumulator accumulator, Map<String, Object> details) {
        FeatureSamples current = accumulator.features;
        details.put("baseline_rows", baseline.rows());
        details.put("current_rows", current.rows());
        if (accumulator.unusableInputs > 0) {
            details.put("unusable_inputs", accumulator.unusableInputs);
        }
        if (current.rows() == 0) {
            details.put(
                    "reason",
                    "no answered call in the window has inputs drift can read (a 2-d tensor or one tensor per"
                            + " feature, not redacted)");
            return Optional.empty();
        }
        Optional<String> named = Optional.ofNullable(monitor.parameters().get(FEATURE));
        List<String> candidates = named.map(List::of).orElse(current.features());
        List<FeatureDrift> results = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (String feature : candidates) {
            if (!baseline.has(feature) || !current.has(feature)) {
                if (named.isPresent()) {
                    throw new MonitorEvaluationException("feature '" + feature + "' is not in the "
                            + (baseline.has(feature)
                                    ? "inputs, which have " + current.features()
                                    : "baseline, which has " + baseline.features()));
                }
                leftOut.add(feature + " (not in the baseline)");
            } else if (baseline.isNumeric(feature) && current.isNumeric(feature)) {
                results.add(detector.numeric(feature, baseline.numbers(feature), current.numbers(feature)));
            } else if (baseline.isCategorical(feature) && current.isCategorical(feature)) {
                results.add(detector.categorical(feature, baseline.categories(feature), current.categories(feature)));
            } else {
                if (named.isPresent()) {
                    throw new MonitorEvaluationException(
                            "feature '" + feature + "' is numeric on one side and categorical (or mixed) on the other");
                }
                leftOut.add(feature + " (numeric on one side, categorical on the other)");
            }
        }
        if (!leftOut.isEmpty()) {
            details.put("features_left_out", leftOut.subList(0, Math.min(leftOut.size(), LISTED_FEATURES)));
        }
        if (results.isEmpty()) {
            throw new MonitorEvaluationException("no input feature is in the baseline: the inputs have "
                    + current.features() + ", the baseline has " + baseline.features());
        }
        details.put(
                "features",
                results.stream()
                        .limit(LISTED_FEATURES)
                        .map(MonitorEvaluator::describe)
                        .toList());
        if (named.isPresent()) {
            FeatureDrift feature = results.get(0);
            details.put("drifted", feature.drifted());
            Optional<String> statistic =
                    Optional.ofNullable(monitor.parameters().get(STATISTIC));
            if (statistic.isEmpty()) {
                details.put("statistic", feature.method().name().toLowerCase(Locale.ROOT));
                return Optional.of(feature.statistic());
            }
            details.put("statistic", statistic.get());
            Double value = feature.values().get(statistic.get());
            if (value == null) {
                throw new MonitorEvaluationException("statistic '" + statistic.get() + "' is not defined for feature '"
                        + feature.feature() + "': "
                        + feature.undefined()
                                .getOrDefault(
                                        statistic.get(),
                                        "not computed for a "
                                                + feature.kind().name().toLowerCase(Locale.ROOT) + " feature"));
            }
            return Optional.of(value);
        }
        DatasetDrift dataset = detector.dataset(results);
        details.put("drifted_features", dataset.driftedFeatures());
        details.put("compared_features", results.size());
        details.put("drifted", dataset.drifted());
        return Optional.of(dataset.shareDrifted());
    }

    private static Map<String, Object> describe(FeatureDrift feature) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("feature", feature.feature());
        described.put("kind", feature.kind().name().toLowerCase(Locale.ROOT));
        described.put("method", feature.method().name().toLowerCase(Locale.ROOT));
        described.put("statistic", finite(feature.statistic()));
        described.put("threshold", feature.threshold());
        described.put("drifted", feature.drifted());
        feature.pValue().ifPresent(pValue -> described.put("p_value", pValue));
        return described;
    }

    /** JSON has no infinity: such statistics are written as text. */
    private static Object finite(double value) {
        return Double.isFinite(value) ? (Object) value : Double.toString(value);
    }

    private FeatureSamples baseline(Monitor monitor) {
        Map<String, String> parameters = monitor.parameters();
        if (parameters.containsKey(BASELINE_DATASET)) {
            FeatureSamples samples = data.readDataset(
                    monitor.projectId(),
                    parameters.get(BASELINE_DATASET),
                    Integer.parseInt(parameters.get(BASELINE_VERSION)));
            if (samples.rows() == 0) {
                throw new MonitorEvaluationException(
                        "the baseline dataset '" + parameters.get(BASELINE_DATASET) + "' has no rows");
            }
            return samples;
        }
        Instant from = Instant.parse(parameters.get(BASELINE_FROM));
        Instant to = Instant.parse(parameters.get(BASELINE_TO));
        FeatureSamples samples = new FeatureSamples();
        Map<String, List<String>> featureNames = new HashMap<>();
        data.scanCalls(monitor.deploymentId(), from, to, true, call -> {
            if (!call.failed() && call.input().isPresent()) {
                List<String> names = call.modelVersionId()
                        .map(id -> featureNames.computeIfAbsent(id, data::featureNames))
                        .orElse(List.of());
                InputFeatures.add(samples, call.input().get(), names);
            }
        });
        if (samples.rows() == 0) {
            throw new MonitorEvaluationException("the baseline span " + from + " to " + to
                    + " of the history has no answered calls with readable inputs");
        }
        return samples;
    }

    private static List<Outcome> failed(List<Window> windows, String reason) {
        return windows.stream()
                .map(window -> new Outcome(window, Optional.empty(), MonitorStatus.ERROR, Map.of("error", reason)))
                .toList();
    }

    // ---------------------------------------------------------------- usage

    /**
     * Usage of a deployment from {@code from} to {@code to} in buckets {@code bucket} wide. Callers
     * carry ids only; names are for the caller to fill in.
     */
    public UsageReport usage(String deploymentId, Instant from, Instant to, Duration bucket) {
        requireNonNull(deploymentId, "deploymentId is null");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        List<Window> windows = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(bucket)) {
            Instant end = start.plus(bucket);
            windows.add(new Window(start, end.isAfter(to) ? to : end));
        }
        List<Accumulator> buckets = new ArrayList<>();
        windows.forEach(window -> buckets.add(new Accumulator(false)));
        Accumulator total = new Accumulator(false);
        long bucketMillis = bucket.toMillis();
        data.scanCalls(deploymentId, from, to, false, call -> {
            int index = (int) ((call.timestamp().toEpochMilli() - from.toEpochMilli()) / bucketMillis);
            if (index >= 0 && index < buckets.size()) {
                buckets.get(index).add(call);
                total.add(call);
            }
        });
        List<UsageReport.Bucket> reported = new ArrayList<>();
        for (int index = 0; index < windows.size(); index++) {
            reported.add(buckets.get(index).bucket(windows.get(index)));
        }
        return new UsageReport(from, to, bucket, total.bucket(new Window(from, to)), reported);
    }

    /** What one window collects from the calls in it. */
    private static final class Accumulator {
        private long calls;
        private long errors;
        private long[] latencies = new long[16];
        private int answered;
        private long unusableInputs;
        private final FeatureSamples features;
        private final Map<String, long[]> callers = new LinkedHashMap<>();

        Accumulator(boolean withFeatures) {
            this.features = withFeatures ? new FeatureSamples() : null;
        }

        void add(CallRecord call) {
            calls++;
            if (call.failed()) {
                errors++;
            } else {
                if (answered == latencies.length) {
                    latencies = Arrays.copyOf(latencies, answered * 2);
                }
                latencies[answered++] = call.latencyMicros();
            }
            String caller = call.apiKeyId()
                    .map(id -> UsageReport.Caller.API_KEY + ":" + id)
                    .or(() -> call.userId().map(id -> UsageReport.Caller.USER + ":" + id))
                    .orElse(UsageReport.Caller.ANONYMOUS + ":");
            long[] counts = callers.computeIfAbsent(caller, key -> new long[2]);
            counts[0]++;
            if (call.failed()) {
                counts[1]++;
            }
        }

        Optional<Double> latencyMillis(double quantile) {
            if (answered == 0) {
                return Optional.empty();
            }
            Arrays.sort(latencies, 0, answered);
            return Optional.of(quantile(latencies, answered, quantile) / 1000.0);
        }

        UsageReport.Bucket bucket(Window window) {
            List<UsageReport.Caller> listed = callers.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> entry) -> -entry.getValue()[0])
                            .thenComparing(Map.Entry::getKey))
                    .limit(LISTED_CALLERS)
                    .map(entry -> {
                        String[] parts = entry.getKey().split(":", 2);
                        return new UsageReport.Caller(
                                parts[0],
                                parts[1].isEmpty() ? Optional.empty() : Optional.of(parts[1]),
                                Optional.empty(),
                                entry.getValue()[0],
                                entry.getValue()[1]);
                    })
                    .toList();
            return new UsageReport.Bucket(
                    window.start(),
                    window.end(),
                    calls,
                    errors,
                    latencyMillis(0.5),
                    latencyMillis(0.9),
                    latencyMillis(0.99),
                    listed);
        }
    }

    /** The {@code q}-quantile of the first {@code count} sorted values, interpolating linearly (numpy's default). */
    static double quantile(long[] sorted, int count, double q) {
        double position = (count - 1) * q;
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, count - 1);
        double fraction = position - lower;
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
    }
}

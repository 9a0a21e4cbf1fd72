package dev.modelyard.core.monitoring.monitor;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a monitor computes for each window of a deployment's inference history. */
public enum MonitorKind {
    /** Failed calls divided by calls (0 to 1); no data without calls. */
    ERROR_RATE,
    /** The median latency of answered calls, in milliseconds. */
    LATENCY_P50,
    /** The 99th percentile latency of answered calls, in milliseconds. */
    LATENCY_P99,
    /** The number of calls, answered or failed; a window without calls is 0, not "no data". */
    CALLS,
    /**
     * The share of input features that drifted from a baseline (0 to 1), or one named feature's
     * statistic.
     */
    DRIFT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MonitorKind> find(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id().equals(id)).findFirst();
    }

    /** The kind with this id; 400 naming the known kinds otherwise. */
    public static MonitorKind fromId(String id) {
        return find(id).orElseThrow(() -> new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "unknown monitor kind '" + id + "'; known kinds: "
                        + Arrays.stream(values()).map(MonitorKind::id).collect(Collectors.joining(", ")),
                Map.of("field", "kind")));
    }
}

package dev.modelyard.core.history;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * What a challenger report reads of one history row: whose answer it is ({@link
 * HistoryRecord#CHAMPION} or {@link HistoryRecord#CHALLENGER}), for which request, from which
 * release, the output tensors (Open Inference Protocol JSON) or the error, and the latency.
 */
public record ChallengerReportRow(
        String requestUuid,
        String role,
        Optional<String> release,
        Optional<String> output,
        Optional<String> error,
        long latencyMicros) {
    public ChallengerReportRow {
        requireNonNull(requestUuid, "requestUuid is null");
        requireNonNull(role, "role is null");
        requireNonNull(release, "release is null");
        requireNonNull(output, "output is null");
        requireNonNull(error, "error is null");
    }

    /** The row as {@link HistoryService#query} returns it (history column names as keys). */
    public static ChallengerReportRow of(Map<String, Object> row) {
        Object latency = row.get("latency_us");
        return new ChallengerReportRow(
                String.valueOf(row.get("request_uuid")),
                String.valueOf(row.get("role")),
                text(row, "release"),
                text(row, "output"),
                text(row, "error"),
                latency instanceof Number number ? number.longValue() : 0);
    }

    public boolean failed() {
        return error.isPresent();
    }

    private static Optional<String> text(Map<String, Object> row, String column) {
        return Optional.ofNullable(row.get(column)).map(String::valueOf);
    }
}

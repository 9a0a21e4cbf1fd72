package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How a deployment was used over a span, bucket by bucket, from its inference history.
 *
 * @param total the whole span as one bucket
 * @param buckets consecutive buckets {@code bucket} wide from {@code from} (the last one may be
 *     shorter), oldest first
 */
public record UsageReport(Instant from, Instant to, Duration bucket, Bucket total, List<Bucket> buckets) {
    public UsageReport {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(total, "total is null");
        buckets = List.copyOf(requireNonNull(buckets, "buckets is null"));
    }

    /**
     * Calls answered at or after {@code start} and before {@code end}.
     *
     * @param latencyP50Millis exact percentiles (linear interpolation, as numpy's default) of the
     *     answered calls' time in the model; empty without answered calls
     * @param callers who called, most calls first
     */
    public record Bucket(
            Instant start,
            Instant end,
            long calls,
            long errors,
            Optional<Double> latencyP50Millis,
            Optional<Double> latencyP90Millis,
            Optional<Double> latencyP99Millis,
            List<Caller> callers) {
        public Bucket {
            requireNonNull(start, "start is null");
            requireNonNull(end, "end is null");
            requireNonNull(latencyP50Millis, "latencyP50Millis is null");
            requireNonNull(latencyP90Millis, "latencyP90Millis is null");
            requireNonNull(latencyP99Millis, "latencyP99Millis is null");
            callers = List.copyOf(requireNonNull(callers, "callers is null"));
        }

        /** This bucket with other callers (names filled in). */
        public Bucket withCallers(List<Caller> newCallers) {
            return new Bucket(
                    start, end, calls, errors, latencyP50Millis, latencyP90Millis, latencyP99Millis, newCallers);
        }
    }

    /**
     * One caller: a user (by token), an API key, or anonymous (a public deployment called without
     * credentials).
     *
     * @param kind {@link #USER}, {@link #API_KEY} or {@link #ANONYMOUS}
     * @param name the user's or key's name, when known
     */
    public record Caller(String kind, Optional<String> id, Optional<String> name, long calls, long errors) {
        public static final String USER = "user";
        public static final String API_KEY = "api_key";
        public static final String ANONYMOUS = "anonymous";

        public Caller {
            requireNonNull(kind, "kind is null");
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
        }

        public Caller withName(Optional<String> newName) {
            return new Caller(kind, id, newName, calls, errors);
        }
    }
}

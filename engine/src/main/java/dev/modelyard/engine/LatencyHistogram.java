package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed buckets from 50 µs to 10 s, shaped for a Prometheus histogram.
 * Recording is a short scan and two {@link LongAdder} increments: no lock, no allocation.
 */
public final class LatencyHistogram {
    /** The buckets' inclusive upper bounds in nanoseconds; one more bucket catches everything above. */
    public static final List<Long> UPPER_BOUNDS_NANOS = List.of(
            micros(50),
            micros(100),
            micros(250),
            micros(500),
            millis(1),
            micros(2_500),
            millis(5),
            millis(10),
            millis(25),
            millis(50),
            millis(100),
            millis(250),
            millis(500),
            millis(1_000),
            millis(2_500),
            millis(5_000),
            millis(10_000));

    private static final long[] BOUNDS =
            UPPER_BOUNDS_NANOS.stream().mapToLong(Long::longValue).toArray();

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int index = 0; index < buckets.length; index++) {
            buckets[index] = new LongAdder();
        }
    }

    public void record(long nanos) {
        int index = 0;
        while (index < BOUNDS.length && nanos > BOUNDS[index]) {
            index++;
        }
        buckets[index].increment();
        sumNanos.add(nanos);
    }

    public Snapshot snapshot() {
        List<Long> counts = new ArrayList<>(buckets.length);
        long total = 0;
        for (LongAdder bucket : buckets) {
            long count = bucket.sum();
            counts.add(count);
            total += count;
        }
        return new Snapshot(counts, total, sumNanos.sum());
    }

    /**
     * The histogram at one moment.
     *
     * @param bucketCounts observations per bucket (not cumulative), one per {@link
     *     #UPPER_BOUNDS_NANOS} entry and a last one for everything above 10 s
     * @param count all observations
     * @param sumNanos the sum of all observations
     */
    public record Snapshot(List<Long> bucketCounts, long count, long sumNanos) {
        public Snapshot {
            bucketCounts = List.copyOf(requireNonNull(bucketCounts, "bucketCounts is null"));
        }

        /** Prometheus {@code le} counts: observations at or below each bound, then {@code +Inf}. */
        public List<Long> cumulativeCounts() {
            List<Long> cumulative = new ArrayList<>(bucketCounts.size());
            long running = 0;
            for (long bucket : bucketCounts) {
                running += bucket;
                cumulative.add(running);
            }
            return List.copyOf(cumulative);
        }

        /** The bounds in seconds, as Prometheus {@code le} labels want them ({@code +Inf} not included). */
        public static List<Double> upperBoundsSeconds() {
            return UPPER_BOUNDS_NANOS.stream().map(nanos -> nanos / 1e9).toList();
        }
    }

    private static long micros(long micros) {
        return TimeUnit.MICROSECONDS.toNanos(micros);
    }

    private static long millis(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}

package dev.modelyard.bench;

import java.util.Arrays;
import java.util.Locale;

/** A growable list of latencies in nanoseconds, summarised as percentiles in microseconds. */
final class Latencies {
    private long[] values = new long[1 << 16];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int size() {
        return size;
    }

    void addAll(Latencies other) {
        for (int index = 0; index < other.size; index++) {
            add(other.values[index]);
        }
    }

    /** p50, p99 and mean in microseconds, as {@code key=value} pairs. */
    String summary() {
        if (size == 0) {
            return "p50_us=NaN p99_us=NaN mean_us=NaN";
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        double sum = 0;
        for (long value : sorted) {
            sum += value;
        }
        return String.format(
                Locale.ROOT,
                "p50_us=%.1f p99_us=%.1f mean_us=%.1f",
                percentile(sorted, 50) / 1_000.0,
                percentile(sorted, 99) / 1_000.0,
                sum / size / 1_000.0);
    }

    private static long percentile(long[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

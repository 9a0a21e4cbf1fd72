package dev.modelyard.engine;

/**
 * An exponentially weighted moving average of one release's compute time per prediction, the input
 * of the adaptive inline-or-pooled choice. Updates race without locks: a lost update only makes the
 * estimate a little staler, which costs nothing; a lock would cost every request.
 */
final class ComputeEstimate {
    /** Predictions measured before the estimate counts: the first ones pay class loading and JIT. */
    static final int MIN_SAMPLES = 3;

    /** Weight of a new sample: 1/4, so an outlier moves the average but does not own it. */
    private static final int WEIGHT_SHIFT = 2;

    private volatile long averageNanos;
    private volatile int samples;

    void record(long nanos) {
        int seen = samples;
        long average = averageNanos;
        averageNanos = seen == 0 ? nanos : average + ((nanos - average) >> WEIGHT_SHIFT);
        if (seen < MIN_SAMPLES) {
            samples = seen + 1;
        }
    }

    boolean known() {
        return samples >= MIN_SAMPLES;
    }

    /** Whether enough predictions were measured and their average is below the threshold. */
    boolean knownBelow(long thresholdNanos) {
        return samples >= MIN_SAMPLES && averageNanos < thresholdNanos;
    }

    long averageNanos() {
        return averageNanos;
    }
}

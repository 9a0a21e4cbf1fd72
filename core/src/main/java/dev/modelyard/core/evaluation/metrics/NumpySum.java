package dev.modelyard.core.evaluation.metrics;

import java.util.function.IntToDoubleFunction;

/**
 * Sums in exactly the order numpy's {@code add.reduce} uses on a contiguous float64 array
 * ({@code pairwise_sum} in numpy's {@code loops_utils.h}): runs of up to 128 values go through eight
 * interleaved accumulators, longer runs are split in two at a multiple of eight. Reproducing the
 * order, not only the accuracy, makes most results bit-identical to numpy's.
 */
final class NumpySum {
    private static final int BLOCK = 128;
    private static final int UNROLL = 8;

    private NumpySum() {}

    /** numpy's {@code np.sum(values[from:to])}. */
    static double of(double[] values, int from, int to) {
        if (to < from) {
            throw new IllegalArgumentException("empty range " + from + ".." + to);
        }
        return 0.0 + pairwise(values, from, to - from);
    }

    /** numpy's {@code np.sum} of the array whose element {@code i - from} is {@code term(i)}. */
    static double of(IntToDoubleFunction term, int from, int to) {
        if (to < from) {
            throw new IllegalArgumentException("empty range " + from + ".." + to);
        }
        // add.reduce starts from the identity 0.0
        return 0.0 + pairwise(term, from, to - from);
    }

    /** The same as {@link #pairwise(IntToDoubleFunction, int, int)}, reading an array directly. */
    private static double pairwise(double[] values, int start, int count) {
        if (count < UNROLL) {
            double sum = 0.0;
            for (int i = 0; i < count; i++) {
                sum += values[start + i];
            }
            return sum;
        }
        if (count <= BLOCK) {
            double r0 = values[start];
            double r1 = values[start + 1];
            double r2 = values[start + 2];
            double r3 = values[start + 3];
            double r4 = values[start + 4];
            double r5 = values[start + 5];
            double r6 = values[start + 6];
            double r7 = values[start + 7];
            int i = UNROLL;
            for (int unrolledEnd = count - count % UNROLL; i < unrolledEnd; i += UNROLL) {
                int at = start + i;
                r0 += values[at];
                r1 += values[at + 1];
                r2 += values[at + 2];
                r3 += values[at + 3];
                r4 += values[at + 4];
                r5 += values[at + 5];
                r6 += values[at + 6];
                r7 += values[at + 7];
            }
            double sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < count; i++) {
                sum += values[start + i];
            }
            return sum;
        }
        int half = count / 2;
        half -= half % UNROLL;
        return pairwise(values, start, half) + pairwise(values, start + half, count - half);
    }

    private static double pairwise(IntToDoubleFunction term, int start, int count) {
        if (count < UNROLL) {
            double sum = 0.0;
            for (int i = 0; i < count; i++) {
                sum += term.applyAsDouble(start + i);
            }
            return sum;
        }
        if (count <= BLOCK) {
            double r0 = term.applyAsDouble(start);
            double r1 = term.applyAsDouble(start + 1);
            double r2 = term.applyAsDouble(start + 2);
            double r3 = term.applyAsDouble(start + 3);
            double r4 = term.applyAsDouble(start + 4);
            double r5 = term.applyAsDouble(start + 5);
            double r6 = term.applyAsDouble(start + 6);
            double r7 = term.applyAsDouble(start + 7);
            int i = UNROLL;
            for (int unrolledEnd = count - count % UNROLL; i < unrolledEnd; i += UNROLL) {
                int at = start + i;
                r0 += term.applyAsDouble(at);
                r1 += term.applyAsDouble(at + 1);
                r2 += term.applyAsDouble(at + 2);
                r3 += term.applyAsDouble(at + 3);
                r4 += term.applyAsDouble(at + 4);
                r5 += term.applyAsDouble(at + 5);
                r6 += term.applyAsDouble(at + 6);
                r7 += term.applyAsDouble(at + 7);
            }
            double sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < count; i++) {
                sum += term.applyAsDouble(start + i);
            }
            return sum;
        }
        int half = count / 2;
        half -= half % UNROLL;
        return pairwise(term, start, half) + pairwise(term, start + half, count - half);
    }
}

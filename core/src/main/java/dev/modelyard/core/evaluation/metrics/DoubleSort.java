package dev.modelyard.core.evaluation.metrics;

import java.util.Arrays;

/**
 * Sorts finite doubles ascending, in the same order as {@link Arrays#sort(double[])} (so -0.0
 * before 0.0). Large arrays go through an LSD radix sort on the doubles' bits with 16-bit digits,
 * skipping any digit that all values share: probabilities that came from float32 have 29 zero low
 * bits, so they usually need two passes instead of a comparison sort's ~20 levels. Needs two
 * temporary {@code long[]} of the array's length.
 */
final class DoubleSort {
    private static final int RADIX_BITS = 16;
    private static final int BUCKETS = 1 << RADIX_BITS;
    private static final int MASK = BUCKETS - 1;
    private static final int SMALL = 4096;

    private DoubleSort() {}

    /** Sorts {@code values[0..count)} in place. */
    static void ascending(double[] values, int count) {
        if (count < SMALL) {
            Arrays.sort(values, 0, count);
            return;
        }
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = sortableBits(values[i]);
        }
        long[] buffer = new long[count];
        int[] offsets = new int[BUCKETS];
        for (int shift = 0; shift < Long.SIZE; shift += RADIX_BITS) {
            Arrays.fill(offsets, 0);
            for (int i = 0; i < count; i++) {
                offsets[(int) (keys[i] >>> shift) & MASK]++;
            }
            if (offsets[(int) (keys[0] >>> shift) & MASK] == count) {
                continue; // every key has this digit: the pass would not move anything
            }
            int start = 0;
            for (int digit = 0; digit < BUCKETS; digit++) {
                int size = offsets[digit];
                offsets[digit] = start;
                start += size;
            }
            for (int i = 0; i < count; i++) {
                long key = keys[i];
                buffer[offsets[(int) (key >>> shift) & MASK]++] = key;
            }
            long[] sorted = buffer;
            buffer = keys;
            keys = sorted;
        }
        for (int i = 0; i < count; i++) {
            values[i] = fromSortableBits(keys[i]);
        }
    }

    /** The double's bits, changed so that unsigned order of the result is numeric order. */
    private static long sortableBits(double value) {
        long bits = Double.doubleToRawLongBits(value);
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    private static double fromSortableBits(long key) {
        return Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
    }
}

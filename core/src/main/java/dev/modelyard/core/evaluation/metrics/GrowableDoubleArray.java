package dev.modelyard.core.evaluation.metrics;

import java.util.Arrays;

/** A primitive double list: eight bytes a value, no boxing. */
final class GrowableDoubleArray {
    private double[] values = new double[16];
    private int size;

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, grow(values.length));
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    double get(int index) {
        return values[index];
    }

    void set(int index, double value) {
        values[index] = value;
    }

    void truncate(int newSize) {
        size = newSize;
    }

    void addAll(double[] source, int from, int to) {
        int count = to - from;
        while (values.length - size < count) {
            values = Arrays.copyOf(values, grow(values.length));
        }
        System.arraycopy(source, from, values, size, count);
        size += count;
    }

    /** Sorts the values in place, ascending; they must be finite. */
    void sort() {
        DoubleSort.ascending(values, size);
    }

    /** The backing array; only its first {@link #size()} values are meaningful. */
    double[] backingArray() {
        return values;
    }

    double[] toArray() {
        return Arrays.copyOf(values, size);
    }

    static int grow(int capacity) {
        int grown = capacity + (capacity >> 1) + 16;
        if (grown < 0 || grown > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("too many rows for one evaluation");
        }
        return grown;
    }
}

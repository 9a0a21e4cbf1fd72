package dev.modelyard.core.evaluation.metrics;

import java.util.Arrays;

/** A primitive int list: four bytes a value, no boxing. */
final class GrowableIntArray {
    private int[] values = new int[16];
    private int size;

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, GrowableDoubleArray.grow(values.length));
        }
        values[size++] = value;
    }

    void addAll(int[] source, int from, int to) {
        int count = to - from;
        while (values.length - size < count) {
            values = Arrays.copyOf(values, GrowableDoubleArray.grow(values.length));
        }
        System.arraycopy(source, from, values, size, count);
        size += count;
    }

    int[] backingArray() {
        return values;
    }

    int size() {
        return size;
    }

    int get(int index) {
        return values[index];
    }

    void set(int index, int value) {
        values[index] = value;
    }

    void truncate(int newSize) {
        size = newSize;
    }

    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}

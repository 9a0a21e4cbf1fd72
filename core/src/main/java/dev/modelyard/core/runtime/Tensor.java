package dev.modelyard.core.runtime;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Array;

/**
 * A named tensor: element type, shape (row-major, no -1), and its values in the primitive array
 * {@link DataType#arrayClass()} names, with exactly as many elements as the shape's product. The
 * arrays are not copied: a tensor's owner must not change them after handing it on.
 */
public record Tensor(String name, DataType datatype, long[] shape, Object values) {
    public Tensor {
        requireNonNull(name, "name is null");
        requireNonNull(datatype, "datatype is null");
        requireNonNull(shape, "shape is null");
        requireNonNull(values, "values is null");
        Class<?> expected = datatype.arrayClass()
                .orElseThrow(() -> new IllegalArgumentException(datatype + " tensors are not supported"));
        if (!expected.isInstance(values)) {
            throw new IllegalArgumentException(datatype + " tensor '" + name + "' must hold " + expected.getSimpleName()
                    + ", not " + values.getClass().getSimpleName());
        }
        long elements = elementCount(shape);
        if (elements != Array.getLength(values)) {
            throw new IllegalArgumentException(
                    "tensor '" + name + "' has " + Array.getLength(values) + " values but its shape needs " + elements);
        }
    }

    public static Tensor ofFloats(String name, long[] shape, float[] values) {
        return new Tensor(name, DataType.FP32, shape, values);
    }

    public int elementCount() {
        return Array.getLength(values);
    }

    /** The product of the dimensions; -1 when a dimension is negative. */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                return -1;
            }
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    public float[] floats() {
        return (float[]) values;
    }
}

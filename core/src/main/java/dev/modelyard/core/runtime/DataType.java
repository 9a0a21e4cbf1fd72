package dev.modelyard.core.runtime;

import java.util.Optional;

/**
 * Tensor element types, named as the Open Inference Protocol names them, with the Java array that
 * holds a tensor's values in {@link Tensor}: {@code BOOL} boolean[]; {@code INT8}, {@code INT16},
 * {@code INT32}, {@code UINT8}, {@code UINT16} int[]; {@code INT64}, {@code UINT32}, {@code
 * UINT64} long[]; {@code FP32} float[]; {@code FP64} double[]; {@code BYTES} byte[][]. {@code FP16}
 * and {@code BF16} travel only as raw bytes and are not supported by the runtimes yet.
 */
public enum DataType {
    BOOL,
    UINT8,
    UINT16,
    UINT32,
    UINT64,
    INT8,
    INT16,
    INT32,
    INT64,
    FP16,
    BF16,
    FP32,
    FP64,
    BYTES;

    public static Optional<DataType> fromName(String name) {
        for (DataType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The Java array class holding this type's values, or empty for types held only as raw bytes. */
    public Optional<Class<?>> arrayClass() {
        return switch (this) {
            case BOOL -> Optional.of(boolean[].class);
            case INT8, INT16, INT32, UINT8, UINT16 -> Optional.of(int[].class);
            case INT64, UINT32, UINT64 -> Optional.of(long[].class);
            case FP32 -> Optional.of(float[].class);
            case FP64 -> Optional.of(double[].class);
            case BYTES -> Optional.of(byte[][].class);
            case FP16, BF16 -> Optional.empty();
        };
    }
}

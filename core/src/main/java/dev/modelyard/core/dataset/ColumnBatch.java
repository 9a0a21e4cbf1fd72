package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A run of consecutive rows of some columns, held column by column in primitive arrays: numbers
 * ({@code BIGINT}, {@code DOUBLE}) as {@code double[]}, booleans as {@code boolean[]}, and text,
 * dates and timestamps as {@code String[]} (ISO-8601 for dates and timestamps). Each vector has a
 * null mask ({@code true} where the value is missing; the value there is 0, false or null).
 * Arrays are exactly {@link #rowCount()} long and belong to the consumer once handed over.
 */
public record ColumnBatch(long firstRow, int rowCount, List<Vector> vectors) {
    public ColumnBatch {
        if (firstRow < 0 || rowCount < 0) {
            throw new IllegalArgumentException("firstRow and rowCount must not be negative");
        }
        vectors = List.copyOf(requireNonNull(vectors, "vectors is null"));
        for (Vector vector : vectors) {
            if (vector.nulls().length != rowCount) {
                throw new IllegalArgumentException("vector " + vector.column().name() + " has " + vector.nulls().length
                        + " rows, not " + rowCount);
            }
        }
    }

    /** The vector of a column; {@link IllegalArgumentException} when the batch does not hold it. */
    public Vector vector(String column) {
        return vectors.stream()
                .filter(vector -> vector.column().name().equals(column))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the batch has no column '" + column + "'"));
    }

    public Map<String, Vector> byName() {
        return vectors.stream()
                .collect(Collectors.toMap(vector -> vector.column().name(), Function.identity()));
    }

    /** The values of one column. */
    public sealed interface Vector permits DoubleVector, StringVector, BooleanVector {
        Column column();

        boolean[] nulls();

        default boolean isNull(int row) {
            return nulls()[row];
        }
    }

    /** {@code BIGINT} and {@code DOUBLE} columns; NaN where null. */
    public record DoubleVector(Column column, double[] values, boolean[] nulls) implements Vector {
        public DoubleVector {
            requireNonNull(column, "column is null");
            requireSameLength(values.length, nulls);
        }
    }

    /** {@code VARCHAR}, {@code DATE} and {@code TIMESTAMP} columns; null where null. */
    public record StringVector(Column column, String[] values, boolean[] nulls) implements Vector {
        public StringVector {
            requireNonNull(column, "column is null");
            requireSameLength(values.length, nulls);
        }
    }

    /** {@code BOOLEAN} columns; false where null. */
    public record BooleanVector(Column column, boolean[] values, boolean[] nulls) implements Vector {
        public BooleanVector {
            requireNonNull(column, "column is null");
            requireSameLength(values.length, nulls);
        }
    }

    private static void requireSameLength(int values, boolean[] nulls) {
        if (values != nulls.length) {
            throw new IllegalArgumentException("values and nulls differ in length");
        }
    }
}

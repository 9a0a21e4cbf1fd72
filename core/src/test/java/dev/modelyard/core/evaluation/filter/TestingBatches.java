package dev.modelyard.core.evaluation.filter;

import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.ColumnBatch.BooleanVector;
import dev.modelyard.core.dataset.ColumnBatch.DoubleVector;
import dev.modelyard.core.dataset.ColumnBatch.StringVector;
import dev.modelyard.core.dataset.ColumnBatch.Vector;
import dev.modelyard.core.dataset.ColumnType;
import java.util.ArrayList;
import java.util.List;

/** Hand-built batches for filter tests: values are given boxed, with {@code null} for a missing value. */
final class TestingBatches {
    private TestingBatches() {}

    static ColumnBatch batch(Vector... vectors) {
        int rows = vectors.length == 0 ? 0 : vectors[0].nulls().length;
        return new ColumnBatch(0, rows, List.of(vectors));
    }

    /** A BIGINT or DOUBLE column; NaN where null, as the dataset engine fills it. */
    static DoubleVector numbers(String name, ColumnType type, Double... values) {
        double[] doubles = new double[values.length];
        boolean[] nulls = new boolean[values.length];
        for (int row = 0; row < values.length; row++) {
            nulls[row] = values[row] == null;
            doubles[row] = nulls[row] ? Double.NaN : values[row];
        }
        return new DoubleVector(new Column(name, type), doubles, nulls);
    }

    /** A VARCHAR, DATE or TIMESTAMP column. */
    static StringVector strings(String name, ColumnType type, String... values) {
        boolean[] nulls = new boolean[values.length];
        for (int row = 0; row < values.length; row++) {
            nulls[row] = values[row] == null;
        }
        return new StringVector(new Column(name, type), values.clone(), nulls);
    }

    static BooleanVector booleans(String name, Boolean... values) {
        boolean[] booleans = new boolean[values.length];
        boolean[] nulls = new boolean[values.length];
        for (int row = 0; row < values.length; row++) {
            nulls[row] = values[row] == null;
            booleans[row] = !nulls[row] && values[row];
        }
        return new BooleanVector(new Column(name, ColumnType.BOOLEAN), booleans, nulls);
    }

    /** The indices of the rows the filter keeps. */
    static List<Integer> matchingRows(String filter, ColumnBatch batch) {
        boolean[] matches = RowFilter.parse(filter).matches(batch);
        List<Integer> rows = new ArrayList<>();
        for (int row = 0; row < matches.length; row++) {
            if (matches[row]) {
                rows.add(row);
            }
        }
        return rows;
    }
}

package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows {@code offset} to {@code offset + rows.size() - 1} of a version, each a list of values in
 * schema order: {@code Long}, {@code Double}, {@code Boolean}, {@code String} (text, and dates and
 * timestamps in ISO-8601), or null.
 */
public record TablePreview(TableSchema schema, long offset, long totalRows, List<List<Object>> rows) {
    public TablePreview {
        requireNonNull(schema, "schema is null");
        List<List<Object>> copies = new ArrayList<>();
        for (List<Object> row : requireNonNull(rows, "rows is null")) {
            copies.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copies);
    }
}

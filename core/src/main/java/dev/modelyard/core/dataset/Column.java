package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

/** One column of a dataset table: its name, as in the file's header, and its type. */
public record Column(String name, ColumnType type) {
    public Column {
        requireNonNull(name, "name is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name is empty");
        }
        requireNonNull(type, "type is null");
    }
}

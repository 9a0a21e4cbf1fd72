package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The columns of a dataset version, in file order. Names are unique even ignoring case (the SQL
 * engine matches names case-insensitively).
 */
public record TableSchema(List<Column> columns) {
    public TableSchema {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a table has at least one column");
        }
        Set<String> seen = new HashSet<>();
        for (Column column : columns) {
            if (!seen.add(column.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("duplicate column name '" + column.name() + "'");
            }
        }
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst();
    }
}

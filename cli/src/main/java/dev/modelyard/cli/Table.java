package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A plain-text table for people: a header row and rows, each column as wide as its widest cell,
 * columns two spaces apart, no trailing spaces. Absent cells print as {@code -}.
 */
final class Table {
    private static final String GAP = "  ";
    private static final String ABSENT = "-";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.headers = List.of(headers);
    }

    Table addRow(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "expected " + headers.size() + " cells, got " + cells.length + ": " + Arrays.toString(cells));
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null || cell.toString().isEmpty() ? ABSENT : singleLine(cell.toString()));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < headers.size(); column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, headers, widths);
        for (List<String> row : rows) {
            appendLine(text, row, widths);
        }
        return text.toString();
    }

    /** {@code Key:  value} lines with the values aligned, for showing one object. */
    static String keyValues(Map<String, ?> entries) {
        requireNonNull(entries, "entries is null");
        int width = entries.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        StringBuilder text = new StringBuilder();
        entries.forEach((key, value) -> {
            String shown = value == null || value.toString().isEmpty() ? ABSENT : value.toString();
            text.append(pad(key + ":", width)).append(GAP).append(shown).append('\n');
        });
        return text.toString();
    }

    private static void appendLine(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            if (column > 0) {
                line.append(GAP);
            }
            line.append(column == cells.size() - 1 ? cells.get(column) : pad(cells.get(column), widths[column]));
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(Math.max(0, width - value.length()));
    }

    private static String singleLine(String value) {
        return value.replaceAll("\\s*[\r\n]+\\s*", " ");
    }
}

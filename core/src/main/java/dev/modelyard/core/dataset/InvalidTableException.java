package dev.modelyard.core.dataset;

import java.util.Optional;

/**
 * A file that cannot become a dataset version, said so a person can fix it, with where when
 * known: the line (1-based, the header being line 1) and character position in it, or the data
 * row (0-based, for Parquet), and the column's name.
 */
public class InvalidTableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Long line;
    private final Integer position;
    private final Long row;
    private final String column;

    public InvalidTableException(String message) {
        this(message, null, null, null, null, null);
    }

    public InvalidTableException(
            String message, Long line, Integer position, Long row, String column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.position = position;
        this.row = row;
        this.column = column;
    }

    /** At a line of a text file, and optionally a character position in it and a named column. */
    public static InvalidTableException atLine(String message, long line, Integer position, String column) {
        return new InvalidTableException(message, line, position, null, column, null);
    }

    /** At a data row of a Parquet file and a named column. */
    public static InvalidTableException atRow(String message, long row, String column) {
        return new InvalidTableException(message, null, null, row, column, null);
    }

    /** About one named column as a whole. */
    public static InvalidTableException inColumn(String message, String column) {
        return new InvalidTableException(message, null, null, null, column, null);
    }

    public Optional<Long> line() {
        return Optional.ofNullable(line);
    }

    public Optional<Integer> position() {
        return Optional.ofNullable(position);
    }

    public Optional<Long> row() {
        return Optional.ofNullable(row);
    }

    public Optional<String> column() {
        return Optional.ofNullable(column);
    }
}

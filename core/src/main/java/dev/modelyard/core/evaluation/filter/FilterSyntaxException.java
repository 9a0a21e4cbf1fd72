package dev.modelyard.core.evaluation.filter;

/**
 * A row filter that cannot be used: its text does not follow the grammar, or (from {@link
 * RowFilter#validate}) it names a column the table lacks or compares a column with a value of the
 * wrong type. The message says what was expected and where; {@link #position()} is the 0-based
 * character offset of the offending token in {@link RowFilter#text()}, or the text's length when
 * the filter ended too early.
 */
public final class FilterSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;

    public FilterSyntaxException(String message, int position) {
        super(message);
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        this.position = position;
    }

    /** The 0-based character offset of the offending token. */
    public int position() {
        return position;
    }
}

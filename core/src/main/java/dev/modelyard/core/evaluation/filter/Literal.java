package dev.modelyard.core.evaluation.filter;

import static java.util.Objects.requireNonNull;

/** A value written in a filter: a number, a string or a boolean, with where it stands. */
sealed interface Literal {
    /** The literal exactly as written, quotes included. */
    String text();

    /** The 0-based character offset where the literal starts. */
    int position();

    /** The literal as a message names it, e.g. {@code the number 5}. */
    String describe();

    /** A number; compared as a {@code double}, also with {@code BIGINT} columns. */
    record NumberLiteral(double value, String text, int position) implements Literal {
        public NumberLiteral {
            requireNonNull(text, "text is null");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a number literal is finite");
            }
        }

        @Override
        public String describe() {
            return "the number " + Token.excerpt(text);
        }
    }

    /**
     * A string.
     *
     * @param temporal the string read as an ISO-8601 date or date-time, or null when it is neither;
     *     read once when the filter is parsed
     */
    record StringLiteral(String value, String text, int position, TemporalValue temporal) implements Literal {
        public StringLiteral {
            requireNonNull(value, "value is null");
            requireNonNull(text, "text is null");
        }

        @Override
        public String describe() {
            return "the string " + Token.excerpt(text);
        }
    }

    /** {@code true} or {@code false}. */
    record BooleanLiteral(boolean value, String text, int position) implements Literal {
        public BooleanLiteral {
            requireNonNull(text, "text is null");
        }

        @Override
        public String describe() {
            return Token.excerpt(text);
        }
    }
}

package dev.modelyard.core.evaluation.filter;

import static java.util.Objects.requireNonNull;

/**
 * One token of filter text.
 *
 * @param kind what the token is
 * @param text the token exactly as written, quotes included
 * @param value the decoded token: a name or string without quotes and with doubled quotes undone,
 *     a keyword in lower case, otherwise the text
 * @param position the 0-based character offset where the token starts
 */
record Token(Kind kind, String text, String value, int position) {
    /** Longer tokens are cut to this many characters in messages. */
    private static final int LONGEST_EXCERPT = 40;

    Token {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
        requireNonNull(value, "value is null");
    }

    /** The kinds of token. */
    enum Kind {
        /** A bare column name that is not a keyword, e.g. {@code age}. */
        NAME,
        /** A column name in back quotes, e.g. {@code `age (years)`}. */
        QUOTED_NAME,
        KEYWORD,
        NUMBER,
        STRING,
        /** A comparison operator such as {@code >=}. */
        OPERATOR,
        LEFT_PARENTHESIS,
        RIGHT_PARENTHESIS,
        COMMA,
        /** After the last token. */
        END
    }

    boolean is(Kind expected) {
        return kind == expected;
    }

    boolean is(Keyword keyword) {
        return kind == Kind.KEYWORD && value.equals(keyword.word());
    }

    /** The token as a message names it: {@code 'and'}, {@code the number 5}, {@code the end of the filter}. */
    String describe() {
        return switch (kind) {
            case END -> "the end of the filter";
            case NUMBER -> "the number " + excerpt(text);
            case STRING -> "the string " + excerpt(text);
            case QUOTED_NAME -> excerpt(text);
            case NAME, KEYWORD, OPERATOR, LEFT_PARENTHESIS, RIGHT_PARENTHESIS, COMMA -> "'" + excerpt(text) + "'";
        };
    }

    /** The text, cut short with an ellipsis when it is too long to quote whole in a message. */
    static String excerpt(String text) {
        return text.length() <= LONGEST_EXCERPT ? text : text.substring(0, LONGEST_EXCERPT - 1) + "…";
    }
}

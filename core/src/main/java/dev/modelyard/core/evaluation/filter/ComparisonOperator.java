package dev.modelyard.core.evaluation.filter;

import java.util.Optional;

/** The comparison operators of the filter language, each with the spellings it accepts. */
enum ComparisonOperator {
    EQUAL,
    NOT_EQUAL,
    LESS,
    LESS_OR_EQUAL,
    GREATER,
    GREATER_OR_EQUAL;

    /** Every spelling, as messages list them. */
    static final String SPELLINGS = "=, ==, !=, <>, <, <=, >, >=";

    /** The operator a spelling stands for, if it stands for one. */
    static Optional<ComparisonOperator> of(String spelling) {
        return switch (spelling) {
            case "=", "==" -> Optional.of(EQUAL);
            case "!=", "<>" -> Optional.of(NOT_EQUAL);
            case "<" -> Optional.of(LESS);
            case "<=" -> Optional.of(LESS_OR_EQUAL);
            case ">" -> Optional.of(GREATER);
            case ">=" -> Optional.of(GREATER_OR_EQUAL);
            default -> Optional.empty();
        };
    }

    /** Whether the operator orders values, as opposed to testing (in)equality. */
    boolean ordering() {
        return switch (this) {
            case EQUAL, NOT_EQUAL -> false;
            case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> true;
        };
    }

    /** Whether a value relates so to the literal, given the sign of {@code value.compareTo(literal)}. */
    boolean holds(int comparison) {
        return switch (this) {
            case EQUAL -> comparison == 0;
            case NOT_EQUAL -> comparison != 0;
            case LESS -> comparison < 0;
            case LESS_OR_EQUAL -> comparison <= 0;
            case GREATER -> comparison > 0;
            case GREATER_OR_EQUAL -> comparison >= 0;
        };
    }
}

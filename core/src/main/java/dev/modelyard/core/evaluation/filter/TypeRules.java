package dev.modelyard.core.evaluation.filter;

import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.evaluation.filter.Condition.Comparison;
import dev.modelyard.core.evaluation.filter.Condition.Membership;
import dev.modelyard.core.evaluation.filter.Condition.NullTest;
import dev.modelyard.core.evaluation.filter.Condition.Predicate;
import dev.modelyard.core.evaluation.filter.Condition.Range;
import dev.modelyard.core.evaluation.filter.Literal.BooleanLiteral;
import dev.modelyard.core.evaluation.filter.Literal.NumberLiteral;
import dev.modelyard.core.evaluation.filter.Literal.StringLiteral;

/**
 * Which literals and operators each column type takes. {@link RowFilter#validate} applies these
 * rules against a table's schema and {@link RowFilter#matches} against the batch's columns, so a
 * filter is never evaluated against a column it does not fit.
 */
final class TypeRules {
    private TypeRules() {}

    /** Throws {@link FilterSyntaxException} at the offending token unless the predicate fits the column. */
    static void check(Predicate predicate, Column column) {
        if (predicate instanceof Comparison comparison) {
            if (column.type() == ColumnType.BOOLEAN && comparison.operator().ordering()) {
                throw notForBooleans(column, "'" + comparison.operatorText() + "'", comparison.operatorPosition());
            }
            checkLiteral(comparison.literal(), column);
        } else if (predicate instanceof Range range) {
            if (column.type() == ColumnType.BOOLEAN) {
                throw notForBooleans(column, "'between'", range.keywordPosition());
            }
            checkLiteral(range.low(), column);
            checkLiteral(range.high(), column);
        } else if (predicate instanceof Membership membership) {
            for (Literal value : membership.values()) {
                checkLiteral(value, column);
            }
        } else if (!(predicate instanceof NullTest)) {
            throw new IllegalStateException("unknown predicate " + predicate);
        }
    }

    private static void checkLiteral(Literal literal, Column column) {
        boolean fits =
                switch (column.type()) {
                    case BIGINT, DOUBLE -> literal instanceof NumberLiteral;
                    case VARCHAR -> literal instanceof StringLiteral;
                    case BOOLEAN -> literal instanceof BooleanLiteral;
                    case DATE ->
                        literal instanceof StringLiteral string
                                && string.temporal() != null
                                && !string.temporal().hasTime();
                    case TIMESTAMP -> literal instanceof StringLiteral string && string.temporal() != null;
                };
        if (fits) {
            return;
        }
        throw new FilterSyntaxException(
                "column '" + Token.excerpt(column.name()) + "' is "
                        + column.type().id() + " and takes "
                        + expectation(column.type(), literal) + ", not " + literal.describe() + " at position "
                        + literal.position() + hint(column.type(), literal),
                literal.position());
    }

    private static String expectation(ColumnType type, Literal literal) {
        return switch (type) {
            case BIGINT, DOUBLE -> "numbers";
            case VARCHAR -> "quoted strings";
            case BOOLEAN -> "true or false";
            case DATE ->
                literal instanceof StringLiteral string
                                && string.temporal() != null
                                && string.temporal().hasTime()
                        ? "dates without a time of day, such as '2024-01-31'"
                        : "ISO-8601 dates such as '2024-01-31'";
            case TIMESTAMP -> "ISO-8601 dates or date-times such as '2024-01-31' or '2024-01-31T12:00:00'";
        };
    }

    private static String hint(ColumnType type, Literal literal) {
        return switch (type) {
            case BIGINT, DOUBLE -> literal instanceof StringLiteral ? "; write numbers without quotes" : "";
            case VARCHAR ->
                literal instanceof StringLiteral
                        ? ""
                        : "; put text in quotes, like '" + Token.excerpt(literal.text()) + "'";
            case BOOLEAN, DATE, TIMESTAMP -> "";
        };
    }

    private static FilterSyntaxException notForBooleans(Column column, String what, int position) {
        return new FilterSyntaxException(
                "column '" + Token.excerpt(column.name()) + "' is BOOLEAN, so " + what + " at position " + position
                        + " does not apply; use =, ==, !=, <>, in or is null",
                position);
    }
}

package dev.modelyard.core.evaluation.filter;

import dev.modelyard.core.evaluation.filter.Condition.AllOf;
import dev.modelyard.core.evaluation.filter.Condition.AnyOf;
import dev.modelyard.core.evaluation.filter.Condition.ColumnReference;
import dev.modelyard.core.evaluation.filter.Condition.Comparison;
import dev.modelyard.core.evaluation.filter.Condition.Membership;
import dev.modelyard.core.evaluation.filter.Condition.Not;
import dev.modelyard.core.evaluation.filter.Condition.NullTest;
import dev.modelyard.core.evaluation.filter.Condition.Predicate;
import dev.modelyard.core.evaluation.filter.Condition.Range;
import dev.modelyard.core.evaluation.filter.Literal.BooleanLiteral;
import dev.modelyard.core.evaluation.filter.Literal.NumberLiteral;
import dev.modelyard.core.evaluation.filter.Literal.StringLiteral;
import dev.modelyard.core.evaluation.filter.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser of the filter grammar (see the package documentation) with one token
 * of look-ahead. {@code and} and {@code or} chains are read in loops into one node each; only
 * {@code not} and parentheses recurse, and they may nest at most {@link #MAXIMUM_DEPTH} levels, so
 * hostile text cannot exhaust the stack.
 */
final class Parser {
    /** How deeply parentheses and {@code not} may nest, together. */
    static final int MAXIMUM_DEPTH = 64;
    /** How many values an {@code in} list may hold. */
    static final int MAXIMUM_IN_VALUES = 1000;

    private final Lexer lexer;
    private final TemporalReader temporalReader = new TemporalReader();
    private final List<Predicate> predicates = new ArrayList<>();
    private Token current;
    private int depth;

    private Parser(String text) {
        this.lexer = new Lexer(text);
        this.current = lexer.next();
    }

    /** The parsed filter, and its predicates in the order they are written. */
    record Result(Condition condition, List<Predicate> predicates) {
        Result {
            predicates = List.copyOf(predicates);
        }
    }

    static Result parse(String text) {
        Parser parser = new Parser(text);
        Condition condition = parser.anyOf();
        Token rest = parser.current;
        if (rest.is(Kind.RIGHT_PARENTHESIS)) {
            throw new FilterSyntaxException(
                    "unexpected ')' at position " + rest.position() + ": there is no '(' for it to close",
                    rest.position());
        }
        if (!rest.is(Kind.END)) {
            throw expected("'and', 'or' or the end of the filter", rest);
        }
        return new Result(condition, parser.predicates);
    }

    /** {@code and ( 'or' and )*} */
    private Condition anyOf() {
        Condition first = allOf();
        if (!current.is(Keyword.OR)) {
            return first;
        }
        List<Condition> conditions = new ArrayList<>();
        conditions.add(first);
        while (current.is(Keyword.OR)) {
            advance();
            conditions.add(allOf());
        }
        return new AnyOf(conditions);
    }

    /** {@code unary ( 'and' unary )*} */
    private Condition allOf() {
        Condition first = unary();
        if (!current.is(Keyword.AND)) {
            return first;
        }
        List<Condition> conditions = new ArrayList<>();
        conditions.add(first);
        while (current.is(Keyword.AND)) {
            advance();
            conditions.add(unary());
        }
        return new AllOf(conditions);
    }

    /** {@code 'not' unary | '(' or ')' | predicate} */
    private Condition unary() {
        if (current.is(Keyword.NOT)) {
            enterLevel();
            advance();
            Condition negated = unary();
            depth--;
            return new Not(negated);
        }
        if (current.is(Kind.LEFT_PARENTHESIS)) {
            enterLevel();
            Token open = advance();
            Condition inner = anyOf();
            if (!current.is(Kind.RIGHT_PARENTHESIS)) {
                throw new FilterSyntaxException(
                        "expected 'and', 'or' or ')' at position " + current.position() + ", found "
                                + current.describe() + " (the '(' at position " + open.position()
                                + " is still open)",
                        current.position());
            }
            advance();
            depth--;
            return inner;
        }
        return predicate();
    }

    private void enterLevel() {
        if (depth == MAXIMUM_DEPTH) {
            throw new FilterSyntaxException(
                    "the filter nests more than " + MAXIMUM_DEPTH + " levels deep at position " + current.position()
                            + "; parentheses and 'not' each add a level",
                    current.position());
        }
        depth++;
    }

    private Predicate predicate() {
        ColumnReference column = column();
        Token next = current;
        Predicate predicate;
        if (next.is(Kind.OPERATOR)) {
            advance();
            ComparisonOperator operator = ComparisonOperator.of(next.text()).orElseThrow();
            Literal literal = literal("after '" + next.text() + "'");
            predicate = new Comparison(column, operator, next.text(), next.position(), literal);
        } else if (next.is(Keyword.NOT)) {
            advance();
            if (current.is(Keyword.IN)) {
                predicate = membership(column, true);
            } else if (current.is(Keyword.BETWEEN)) {
                predicate = range(column, true);
            } else {
                throw expected("'in' or 'between' after 'not'", current);
            }
        } else if (next.is(Keyword.IN)) {
            predicate = membership(column, false);
        } else if (next.is(Keyword.BETWEEN)) {
            predicate = range(column, false);
        } else if (next.is(Keyword.IS)) {
            advance();
            boolean negated = current.is(Keyword.NOT);
            if (negated) {
                advance();
            }
            if (!current.is(Keyword.NULL)) {
                throw expected("'null' after " + (negated ? "'is not'" : "'is'"), current);
            }
            advance();
            predicate = new NullTest(column, negated);
        } else {
            throw expected(
                    "an operator (" + ComparisonOperator.SPELLINGS + "), 'in', 'between' or 'is' after column '"
                            + Token.excerpt(column.name()) + "'",
                    next);
        }
        predicates.add(predicate);
        return predicate;
    }

    private ColumnReference column() {
        Token name = current;
        if (name.is(Kind.NAME) || name.is(Kind.QUOTED_NAME)) {
            advance();
            return new ColumnReference(name.value(), name.position());
        }
        if (name.is(Kind.KEYWORD)) {
            throw new FilterSyntaxException(
                    "expected a column name, 'not' or '(' at position " + name.position() + ", found the keyword "
                            + name.describe() + "; write a column named like a keyword in back quotes, like `"
                            + name.text() + "`",
                    name.position());
        }
        throw expected("a column name, 'not' or '('", name);
    }

    /** After the column (and {@code not}): {@code in ( literal (, literal)* )}. */
    private Membership membership(ColumnReference column, boolean negated) {
        advance();
        if (!current.is(Kind.LEFT_PARENTHESIS)) {
            throw expected("'(' after 'in'", current);
        }
        advance();
        if (current.is(Kind.RIGHT_PARENTHESIS)) {
            throw expected("at least one value in the 'in' list", current);
        }
        List<Literal> values = new ArrayList<>();
        while (true) {
            Literal value = literal("in the 'in' list");
            if (values.size() == MAXIMUM_IN_VALUES) {
                throw new FilterSyntaxException(
                        "the 'in' list has more than " + MAXIMUM_IN_VALUES + " values; value " + (MAXIMUM_IN_VALUES + 1)
                                + " is at position " + value.position(),
                        value.position());
            }
            values.add(value);
            if (current.is(Kind.RIGHT_PARENTHESIS)) {
                advance();
                return new Membership(column, negated, values, ValueSet.of(values));
            }
            if (!current.is(Kind.COMMA)) {
                throw expected("',' or ')' in the 'in' list", current);
            }
            advance();
        }
    }

    /** After the column (and {@code not}): {@code between literal and literal}. */
    private Range range(ColumnReference column, boolean negated) {
        Token between = advance();
        Literal low = literal("after 'between'");
        if (!current.is(Keyword.AND)) {
            throw expected("'and' after the first value of 'between'", current);
        }
        advance();
        Literal high = literal("after 'between … and'");
        return new Range(column, negated, between.position(), low, high);
    }

    /** A number, a string, {@code true} or {@code false}; {@code context} says where, for messages. */
    private Literal literal(String context) {
        Token token = current;
        switch (token.kind()) {
            case NUMBER -> {
                double value = Double.parseDouble(token.text());
                if (!Double.isFinite(value)) {
                    throw new FilterSyntaxException(
                            "the number " + Token.excerpt(token.text()) + " at position " + token.position()
                                    + " is too large",
                            token.position());
                }
                advance();
                return new NumberLiteral(value, token.text(), token.position());
            }
            case STRING -> {
                TemporalValue temporal = temporalReader.read(token.value()) ? temporalReader.value() : null;
                advance();
                return new StringLiteral(token.value(), token.text(), token.position(), temporal);
            }
            case KEYWORD -> {
                if (token.is(Keyword.TRUE) || token.is(Keyword.FALSE)) {
                    advance();
                    return new BooleanLiteral(token.is(Keyword.TRUE), token.text(), token.position());
                }
                if (token.is(Keyword.NULL)) {
                    throw new FilterSyntaxException(
                            "expected a value " + context + " at position " + token.position()
                                    + ", found 'null'; use 'is null' or 'is not null' to test for missing values",
                            token.position());
                }
                throw expected("a value " + context, token);
            }
            case NAME, QUOTED_NAME, OPERATOR, LEFT_PARENTHESIS, RIGHT_PARENTHESIS, COMMA, END ->
                throw expected("a value " + context, token);
        }
        throw new IllegalStateException("unhandled token kind " + token.kind());
    }

    /** Moves to the next token; returns the one it leaves. */
    private Token advance() {
        Token left = current;
        current = lexer.next();
        return left;
    }

    private static FilterSyntaxException expected(String what, Token found) {
        return new FilterSyntaxException(
                "expected " + what + " at position " + found.position() + ", found " + found.describe(),
                found.position());
    }
}

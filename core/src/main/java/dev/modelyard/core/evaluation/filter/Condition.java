package dev.modelyard.core.evaluation.filter;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A parsed filter: a tree of conditions whose leaves ({@link Predicate}s) test one column each. */
sealed interface Condition {

    /** True when every condition is true (Kleene {@code and}); two or more conditions. */
    record AllOf(List<Condition> conditions) implements Condition {
        public AllOf {
            conditions = List.copyOf(conditions);
        }
    }

    /** True when some condition is true (Kleene {@code or}); two or more conditions. */
    record AnyOf(List<Condition> conditions) implements Condition {
        public AnyOf {
            conditions = List.copyOf(conditions);
        }
    }

    /** True when the condition is false; unknown when it is unknown. */
    record Not(Condition condition) implements Condition {
        public Not {
            requireNonNull(condition, "condition is null");
        }
    }

    /** A test of one column's value. */
    sealed interface Predicate extends Condition {
        ColumnReference column();

        /** Whether the test is negated ({@code not in}, {@code not between}, {@code is not null}). */
        boolean negated();
    }

    /** A column name as written, and where. */
    record ColumnReference(String name, int position) {
        public ColumnReference {
            requireNonNull(name, "name is null");
        }
    }

    /**
     * {@code column op literal}.
     *
     * @param operatorText the operator as written, e.g. {@code <>}
     */
    record Comparison(
            ColumnReference column,
            ComparisonOperator operator,
            String operatorText,
            int operatorPosition,
            Literal literal)
            implements Predicate {
        public Comparison {
            requireNonNull(column, "column is null");
            requireNonNull(operator, "operator is null");
            requireNonNull(operatorText, "operatorText is null");
            requireNonNull(literal, "literal is null");
        }

        @Override
        public boolean negated() {
            return false;
        }
    }

    /**
     * {@code column [not] in (literal, …)}.
     *
     * @param values the literals as written, in order
     * @param lookup the same values, prepared for fast lookups
     */
    record Membership(ColumnReference column, boolean negated, List<Literal> values, ValueSet lookup)
            implements Predicate {
        public Membership {
            requireNonNull(column, "column is null");
            values = List.copyOf(values);
            requireNonNull(lookup, "lookup is null");
        }
    }

    /**
     * {@code column [not] between low and high}, inclusive at both ends.
     *
     * @param keywordPosition where {@code between} stands
     */
    record Range(ColumnReference column, boolean negated, int keywordPosition, Literal low, Literal high)
            implements Predicate {
        public Range {
            requireNonNull(column, "column is null");
            requireNonNull(low, "low is null");
            requireNonNull(high, "high is null");
        }
    }

    /** {@code column is [not] null}; never unknown. */
    record NullTest(ColumnReference column, boolean negated) implements Predicate {
        public NullTest {
            requireNonNull(column, "column is null");
        }
    }
}

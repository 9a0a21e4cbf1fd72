package dev.modelyard.core.evaluation.filter;

import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.ColumnBatch.BooleanVector;
import dev.modelyard.core.dataset.ColumnBatch.DoubleVector;
import dev.modelyard.core.dataset.ColumnBatch.StringVector;
import dev.modelyard.core.dataset.ColumnBatch.Vector;
import dev.modelyard.core.evaluation.filter.Condition.AllOf;
import dev.modelyard.core.evaluation.filter.Condition.AnyOf;
import dev.modelyard.core.evaluation.filter.Condition.Comparison;
import dev.modelyard.core.evaluation.filter.Condition.Membership;
import dev.modelyard.core.evaluation.filter.Condition.Not;
import dev.modelyard.core.evaluation.filter.Condition.NullTest;
import dev.modelyard.core.evaluation.filter.Condition.Predicate;
import dev.modelyard.core.evaluation.filter.Condition.Range;
import dev.modelyard.core.evaluation.filter.Literal.BooleanLiteral;
import dev.modelyard.core.evaluation.filter.Literal.NumberLiteral;
import dev.modelyard.core.evaluation.filter.Literal.StringLiteral;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a filter over one batch, a whole column at a time, in SQL's three-valued logic. Every
 * condition writes two masks with one entry per row: {@code truth} (the row is TRUE) and {@code
 * unknown} (the row is UNKNOWN); a row that is neither is FALSE. Predicates fill them in tight
 * loops over the column's array; {@code and}, {@code or} and {@code not} combine them with Kleene's
 * rules. Scratch masks are reused, so a batch needs about two masks per nesting level, and no
 * objects are made per row. Date and time columns are read into seconds and nanoseconds once per
 * batch, however many predicates use them. Not thread-safe: one evaluation per batch.
 */
final class BatchEvaluation {
    private final ColumnBatch batch;
    private final int rows;
    private final ArrayDeque<boolean[]> spareMasks = new ArrayDeque<>();
    private final Map<String, InstantColumn> instantColumns = new HashMap<>();

    BatchEvaluation(ColumnBatch batch) {
        this.batch = batch;
        this.rows = batch.rowCount();
    }

    /** A date or time column as points in time; entries of null rows are 0. */
    private record InstantColumn(long[] epochSeconds, int[] nanos) {}

    /** One entry per row: whether the condition is TRUE there. */
    boolean[] truth(Condition condition) {
        boolean[] truth = new boolean[rows];
        boolean[] unknown = takeMask();
        evaluate(condition, truth, unknown);
        return truth;
    }

    private void evaluate(Condition condition, boolean[] truth, boolean[] unknown) {
        if (condition instanceof AllOf allOf) {
            allOf(allOf.conditions(), truth, unknown);
        } else if (condition instanceof AnyOf anyOf) {
            anyOf(anyOf.conditions(), truth, unknown);
        } else if (condition instanceof Not not) {
            evaluate(not.condition(), truth, unknown);
            for (int row = 0; row < rows; row++) {
                truth[row] = !truth[row] & !unknown[row];
            }
        } else if (condition instanceof Predicate predicate) {
            predicate(predicate, truth, unknown);
        } else {
            throw new IllegalStateException("unknown condition " + condition);
        }
    }

    /** FALSE if any is FALSE, TRUE if all are TRUE, UNKNOWN otherwise. */
    private void allOf(List<Condition> conditions, boolean[] truth, boolean[] unknown) {
        evaluate(conditions.get(0), truth, unknown);
        boolean[] otherTruth = takeMask();
        boolean[] otherUnknown = takeMask();
        for (int index = 1; index < conditions.size(); index++) {
            evaluate(conditions.get(index), otherTruth, otherUnknown);
            for (int row = 0; row < rows; row++) {
                boolean bothTrue = truth[row] & otherTruth[row];
                boolean eitherFalse = !(truth[row] | unknown[row]) | !(otherTruth[row] | otherUnknown[row]);
                truth[row] = bothTrue;
                unknown[row] = !bothTrue & !eitherFalse;
            }
        }
        giveBack(otherTruth);
        giveBack(otherUnknown);
    }

    /** TRUE if any is TRUE, FALSE if all are FALSE, UNKNOWN otherwise. */
    private void anyOf(List<Condition> conditions, boolean[] truth, boolean[] unknown) {
        evaluate(conditions.get(0), truth, unknown);
        boolean[] otherTruth = takeMask();
        boolean[] otherUnknown = takeMask();
        for (int index = 1; index < conditions.size(); index++) {
            evaluate(conditions.get(index), otherTruth, otherUnknown);
            for (int row = 0; row < rows; row++) {
                boolean eitherTrue = truth[row] | otherTruth[row];
                truth[row] = eitherTrue;
                unknown[row] = !eitherTrue & (unknown[row] | otherUnknown[row]);
            }
        }
        giveBack(otherTruth);
        giveBack(otherUnknown);
    }

    /**
     * A null value makes the test UNKNOWN, except for {@code is [not] null}. The type-specific
     * loops write the test's outcome for rows with a value; this method then applies nulls and
     * {@code not}.
     */
    private void predicate(Predicate predicate, boolean[] truth, boolean[] unknown) {
        Vector vector = batch.vector(predicate.column().name());
        boolean[] nulls = vector.nulls();
        if (predicate instanceof NullTest test) {
            boolean negated = test.negated();
            for (int row = 0; row < rows; row++) {
                truth[row] = nulls[row] != negated;
                unknown[row] = false;
            }
            return;
        }
        switch (vector.column().type()) {
            case BIGINT, DOUBLE -> numbers(predicate, doubleValues(vector), truth);
            case VARCHAR -> strings(predicate, stringValues(vector), nulls, truth);
            case BOOLEAN -> booleans(predicate, booleanValues(vector), truth);
            case DATE, TIMESTAMP -> instants(predicate, instantColumn(vector), truth);
        }
        boolean negated = predicate.negated();
        for (int row = 0; row < rows; row++) {
            boolean missing = nulls[row];
            unknown[row] = missing;
            truth[row] = !missing & (truth[row] != negated);
        }
    }

    /** Primitive double comparisons: a NaN value is unordered, so only {@code !=} holds for it. */
    private void numbers(Predicate predicate, double[] values, boolean[] truth) {
        if (predicate instanceof Comparison comparison) {
            double literal = ((NumberLiteral) comparison.literal()).value();
            switch (comparison.operator()) {
                case EQUAL -> {
                    for (int row = 0; row < rows; row++) {
                        truth[row] = values[row] == literal;
                    }
                }
                case NOT_EQUAL -> {
                    for (int row = 0; row < rows; row++) {
                        truth[row] = values[row] != literal;
                    }
                }
                case LESS -> {
                    for (int row = 0; row < rows; row++) {
                        truth[row] = values[row] < literal;
                    }
                }
                case LESS_OR_EQUAL -> {
                    for (int row = 0; row < rows; row++) {
                        truth[row] = values[row] <= literal;
                    }
                }
                case GREATER -> {
                    for (int row = 0; row < rows; row++) {
                        truth[row] = values[row] > literal;
                    }
                }
                case GREATER_OR_EQUAL -> {
                    for (int row = 0; row < rows; row++) {
                        truth[row] = values[row] >= literal;
                    }
                }
            }
        } else if (predicate instanceof Range range) {
            double low = ((NumberLiteral) range.low()).value();
            double high = ((NumberLiteral) range.high()).value();
            for (int row = 0; row < rows; row++) {
                truth[row] = values[row] >= low & values[row] <= high;
            }
        } else if (predicate instanceof Membership membership) {
            ValueSet lookup = membership.lookup();
            for (int row = 0; row < rows; row++) {
                truth[row] = lookup.containsNumber(values[row]);
            }
        }
    }

    /** {@link String#compareTo}: case-sensitive, by UTF-16 code units. */
    private void strings(Predicate predicate, String[] values, boolean[] nulls, boolean[] truth) {
        if (predicate instanceof Comparison comparison) {
            String literal = ((StringLiteral) comparison.literal()).value();
            ComparisonOperator operator = comparison.operator();
            if (operator == ComparisonOperator.EQUAL || operator == ComparisonOperator.NOT_EQUAL) {
                boolean equal = operator == ComparisonOperator.EQUAL;
                for (int row = 0; row < rows; row++) {
                    truth[row] = !nulls[row] && literal.equals(values[row]) == equal;
                }
            } else {
                for (int row = 0; row < rows; row++) {
                    truth[row] = !nulls[row] && operator.holds(values[row].compareTo(literal));
                }
            }
        } else if (predicate instanceof Range range) {
            String low = ((StringLiteral) range.low()).value();
            String high = ((StringLiteral) range.high()).value();
            for (int row = 0; row < rows; row++) {
                truth[row] = !nulls[row] && values[row].compareTo(low) >= 0 && values[row].compareTo(high) <= 0;
            }
        } else if (predicate instanceof Membership membership) {
            ValueSet lookup = membership.lookup();
            for (int row = 0; row < rows; row++) {
                truth[row] = !nulls[row] && lookup.containsString(values[row]);
            }
        }
    }

    /** Only {@code =}, {@code !=} and {@code in}; the type rules reject the rest before evaluation. */
    private void booleans(Predicate predicate, boolean[] values, boolean[] truth) {
        if (predicate instanceof Comparison comparison) {
            boolean literal = ((BooleanLiteral) comparison.literal()).value();
            boolean equal =
                    switch (comparison.operator()) {
                        case EQUAL -> true;
                        case NOT_EQUAL -> false;
                        case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL ->
                            throw new IllegalStateException("booleans are not ordered");
                    };
            for (int row = 0; row < rows; row++) {
                truth[row] = (values[row] == literal) == equal;
            }
        } else if (predicate instanceof Membership membership) {
            ValueSet lookup = membership.lookup();
            for (int row = 0; row < rows; row++) {
                truth[row] = lookup.containsBoolean(values[row]);
            }
        } else {
            throw new IllegalStateException("booleans take only =, != and in");
        }
    }

    /** Chronological order; a date literal stands for the start of its day. */
    private void instants(Predicate predicate, InstantColumn column, boolean[] truth) {
        long[] seconds = column.epochSeconds();
        int[] nanos = column.nanos();
        if (predicate instanceof Comparison comparison) {
            TemporalValue literal = ((StringLiteral) comparison.literal()).temporal();
            long literalSecond = literal.epochSecond();
            int literalNano = literal.nano();
            ComparisonOperator operator = comparison.operator();
            for (int row = 0; row < rows; row++) {
                truth[row] =
                        operator.holds(TemporalValue.compare(seconds[row], nanos[row], literalSecond, literalNano));
            }
        } else if (predicate instanceof Range range) {
            TemporalValue low = ((StringLiteral) range.low()).temporal();
            TemporalValue high = ((StringLiteral) range.high()).temporal();
            for (int row = 0; row < rows; row++) {
                truth[row] =
                        low.compareTo(seconds[row], nanos[row]) <= 0 && high.compareTo(seconds[row], nanos[row]) >= 0;
            }
        } else if (predicate instanceof Membership membership) {
            ValueSet lookup = membership.lookup();
            for (int row = 0; row < rows; row++) {
                truth[row] = lookup.containsInstant(seconds[row], nanos[row]);
            }
        }
    }

    private InstantColumn instantColumn(Vector vector) {
        return instantColumns.computeIfAbsent(vector.column().name(), name -> readInstants(vector));
    }

    private InstantColumn readInstants(Vector vector) {
        String[] values = stringValues(vector);
        boolean[] nulls = vector.nulls();
        long[] seconds = new long[rows];
        int[] nanos = new int[rows];
        TemporalReader reader = new TemporalReader();
        for (int row = 0; row < rows; row++) {
            if (nulls[row]) {
                continue;
            }
            if (!reader.readValue(values[row])) {
                throw new IllegalArgumentException(
                        "the " + vector.column().type().id() + " column '"
                                + vector.column().name() + "' holds '" + Token.excerpt(values[row]) + "' in row "
                                + (batch.firstRow() + row) + ", which is not an ISO-8601 date or date-time");
            }
            seconds[row] = reader.epochSecond();
            nanos[row] = reader.nano();
        }
        return new InstantColumn(seconds, nanos);
    }

    private static double[] doubleValues(Vector vector) {
        if (vector instanceof DoubleVector doubles) {
            return doubles.values();
        }
        throw wrongVector(vector);
    }

    private static String[] stringValues(Vector vector) {
        if (vector instanceof StringVector strings) {
            return strings.values();
        }
        throw wrongVector(vector);
    }

    private static boolean[] booleanValues(Vector vector) {
        if (vector instanceof BooleanVector booleans) {
            return booleans.values();
        }
        throw wrongVector(vector);
    }

    private static IllegalArgumentException wrongVector(Vector vector) {
        return new IllegalArgumentException("column '" + vector.column().name() + "' is "
                + vector.column().type().id() + " but the batch holds it in a "
                + vector.getClass().getSimpleName());
    }

    private boolean[] takeMask() {
        boolean[] spare = spareMasks.poll();
        return spare != null ? spare : new boolean[rows];
    }

    private void giveBack(boolean[] mask) {
        spareMasks.push(mask);
    }
}

package dev.modelyard.core.evaluation.filter;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.TableSchema;
import dev.modelyard.core.evaluation.filter.Condition.ColumnReference;
import dev.modelyard.core.evaluation.filter.Condition.Predicate;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named subset of a dataset's rows, written in a small filter language, e.g. {@code age >= 30 and
 * region in ('north', 'south')}. The package documentation gives the grammar and the rules. Parse
 * once, {@link #validate} against the table's schema, then call {@link #matches} for each batch of
 * rows. Immutable and safe to share between threads; equal when the texts are equal.
 */
public final class RowFilter {
    /** The longest filter text, in characters. */
    public static final int MAX_LENGTH = 4096;

    /** How many column names an unknown-column message lists before it says how many more there are. */
    private static final int LISTED_COLUMNS = 50;

    private final String text;
    private final Condition condition;
    private final List<Predicate> predicates;
    private final Set<String> columns;

    private RowFilter(String text, Condition condition, List<Predicate> predicates) {
        this.text = text;
        this.condition = condition;
        this.predicates = predicates;
        Set<String> names = new LinkedHashSet<>();
        for (Predicate predicate : predicates) {
            names.add(predicate.column().name());
        }
        this.columns = Collections.unmodifiableSet(names);
    }

    /**
     * Parses filter text; leading and trailing white space is dropped first, and positions count
     * from there. Throws {@link FilterSyntaxException} when the text is empty, longer than {@link
     * #MAX_LENGTH}, or does not follow the grammar.
     */
    public static RowFilter parse(String text) {
        requireNonNull(text, "text is null");
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            throw new FilterSyntaxException(
                    "the filter is empty: expected a condition such as age >= 30 at position 0", 0);
        }
        if (stripped.length() > MAX_LENGTH) {
            throw new FilterSyntaxException(
                    "the filter is " + stripped.length() + " characters long; the limit is " + MAX_LENGTH
                            + ", so it must end before position " + MAX_LENGTH,
                    MAX_LENGTH);
        }
        Parser.Result result = Parser.parse(stripped);
        return new RowFilter(stripped, result.condition(), result.predicates());
    }

    /** The filter text as given to {@link #parse}, without leading and trailing white space. */
    public String text() {
        return text;
    }

    /** The names of the columns the filter reads, in the order they first appear. */
    public Set<String> columns() {
        return columns;
    }

    /**
     * Checks that every column exists in the schema (names are case-sensitive) and that every value
     * and operator fits its column's type; throws {@link FilterSyntaxException} at the first
     * offending token otherwise.
     */
    public void validate(TableSchema schema) {
        requireNonNull(schema, "schema is null");
        for (Predicate predicate : predicates) {
            ColumnReference reference = predicate.column();
            Column column = schema.column(reference.name()).orElseThrow(() -> unknownColumn(reference, schema));
            TypeRules.check(predicate, column);
        }
    }

    /**
     * One entry per row of the batch: true where the filter is TRUE for that row, false where it is
     * FALSE or UNKNOWN. The batch must hold every column of {@link #columns()} ({@link
     * IllegalArgumentException} otherwise); a column whose type the filter does not fit gives the
     * same {@link FilterSyntaxException} as {@link #validate}.
     */
    public boolean[] matches(ColumnBatch batch) {
        requireNonNull(batch, "batch is null");
        for (Predicate predicate : predicates) {
            TypeRules.check(predicate, batch.vector(predicate.column().name()).column());
        }
        return new BatchEvaluation(batch).truth(condition);
    }

    private static FilterSyntaxException unknownColumn(ColumnReference reference, TableSchema schema) {
        List<String> names = schema.names();
        String sameIgnoringCase = names.stream()
                .filter(name ->
                        name.toLowerCase(Locale.ROOT).equals(reference.name().toLowerCase(Locale.ROOT)))
                .findFirst()
                .map(name -> "; did you mean '" + name + "'? Names are case-sensitive")
                .orElse("");
        String listed = names.stream()
                .limit(LISTED_COLUMNS)
                .map(name -> "'" + Token.excerpt(name) + "'")
                .collect(Collectors.joining(", "));
        String more = names.size() > LISTED_COLUMNS ? " and " + (names.size() - LISTED_COLUMNS) + " more" : "";
        return new FilterSyntaxException(
                "unknown column '" + Token.excerpt(reference.name()) + "' at position " + reference.position()
                        + sameIgnoringCase + ". The columns are " + listed + more,
                reference.position());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RowFilter filter && text.equals(filter.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

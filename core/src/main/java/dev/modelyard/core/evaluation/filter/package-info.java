/**
 * Row filters: a small language for naming subsets of an evaluation dataset, such as {@code age >=
 * 30 and region in ('north', 'south')}. It is parsed and evaluated here, never handed to SQL.
 *
 * <h2>Grammar</h2>
 *
 * Keywords ({@code and or not in between is null true false}) are matched without regard to case.
 *
 * <pre>
 * filter     := or
 * or         := and ( 'or' and )*
 * and        := unary ( 'and' unary )*
 * unary      := 'not' unary | '(' or ')' | predicate
 * predicate  := column op literal
 *             | column ['not'] 'in' '(' literal (',' literal)* ')'
 *             | column ['not'] 'between' literal 'and' literal
 *             | column 'is' ['not'] 'null'
 * op         := '=' | '==' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
 * literal    := number | string | 'true' | 'false'
 * number     := ['+' | '-'] (digits ['.' digits] | '.' digits) [('e' | 'E') ['+' | '-'] digits]
 * string     := 'text' | "text"        (the quote doubled stands for one quote: 'it''s')
 * column     := [A-Za-z_][A-Za-z0-9_]*  (not a keyword)
 *             | `any text`              (`` stands for one back quote)
 * </pre>
 *
 * {@code not} binds tighter than {@code and}, which binds tighter than {@code or}: {@code a or b
 * and c} means {@code a or (b and c)}, and {@code not a and b} means {@code (not a) and b}. In
 * {@code x between 1 and 5 and y = 2} the first {@code and} belongs to {@code between}. Column
 * names are case-sensitive; a column named like a keyword, or with characters other than letters,
 * digits and {@code _}, goes in back quotes.
 *
 * <h2>Limits</h2>
 *
 * A filter has at most 4,096 characters ({@link RowFilter#MAX_LENGTH}) after leading and trailing
 * white space is dropped; an {@code in} list at most 1,000 values; parentheses and {@code not}
 * together nest at most 64 levels. Errors are {@link FilterSyntaxException}s with the 0-based
 * character offset of the offending token in the stripped text, and a message that says what was
 * expected there, e.g. {@code expected a value after '>=' at position 7, found the end of the
 * filter}.
 *
 * <h2>Types</h2>
 *
 * <ul>
 *   <li>{@code BIGINT} and {@code DOUBLE} columns take numbers and compare as {@code double}s, so
 *       {@code count > 2.5} is allowed. A NaN value is not null but, as in numpy and pandas, unordered:
 *       {@code =}, {@code <}, {@code >}, {@code in} and {@code between} are FALSE for it, so {@code
 *       !=}, {@code not in}, {@code not between} and {@code not x > 1} are TRUE. {@code 0} equals
 *       {@code -0}.
 *   <li>{@code VARCHAR} columns take strings and compare them exactly as Java's {@link
 *       String#compareTo} does: case-sensitive, by UTF-16 code units with no locale or
 *       normalisation. That is Unicode code point order, except that characters above U+FFFF sort
 *       before U+E000–U+FFFF.
 *   <li>{@code BOOLEAN} columns take {@code true} and {@code false}, with {@code =}, {@code ==},
 *       {@code !=}, {@code <>}, {@code in} and {@code is null} only.
 *   <li>{@code DATE} columns take strings holding ISO-8601 dates ({@code '2024-01-31'}).
 *       {@code TIMESTAMP} columns take dates or date-times ({@code '2024-01-31T12:00:00'}, also with
 *       a space instead of {@code T}, without seconds, with up to nine fraction digits, or with an
 *       offset {@code Z}, {@code +05:30}, {@code +0530} or {@code +05}). Values compare
 *       chronologically. A date stands for the start of its day, so {@code ts >= '2024-01-31'}
 *       includes the whole of that day and {@code ts = '2024-01-31'} only its first instant. A
 *       date-time without an offset is read as UTC, as datasets store timestamps in UTC.
 * </ul>
 *
 * <p>{@link RowFilter#validate} checks every column exists and every value and operator fits the
 * column's type. {@code x between 5 and 1} is valid and matches no row, as in SQL.
 *
 * <h2>Missing values</h2>
 *
 * The filter follows SQL's three-valued logic. A comparison, {@code in} or {@code between} test of
 * a null value is UNKNOWN, and so is its negation ({@code not}, {@code not in}, {@code not
 * between}). {@code and} is FALSE when either side is FALSE and {@code or} is TRUE when either side
 * is TRUE, whatever the other side is; otherwise an UNKNOWN side makes them UNKNOWN. {@code is
 * null} and {@code is not null} are never UNKNOWN. A row is in the subset only where the whole
 * filter is TRUE. For example, with {@code x} null, {@code x > 1} and {@code not (x > 1)} both
 * leave the row out, and {@code x > 1 or y = 'a'} keeps it when {@code y} is {@code 'a'}.
 *
 * <h2>Evaluation</h2>
 *
 * {@link RowFilter#matches} evaluates a batch a column at a time into masks (TRUE and UNKNOWN per
 * row) and combines them, making no objects per row. Values of {@code in} lists and dates are
 * prepared once, at parse time.
 */
package dev.modelyard.core.evaluation.filter;

package dev.modelyard.core.evaluation.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a filter's text can be wrong, with the position and message a user sees. */
class RowFilterSyntaxErrorTest {
    private static final String OPERATORS = "=, ==, !=, <>, <, <=, >, >=";

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("", 0, "the filter is empty: expected a condition such as age >= 30 at position 0"),
                Arguments.of(" \n\t ", 0, "the filter is empty: expected a condition such as age >= 30 at position 0"),
                // parentheses
                Arguments.of(
                        "(x > 1",
                        6,
                        "expected 'and', 'or' or ')' at position 6, found the end of the filter"
                                + " (the '(' at position 0 is still open)"),
                Arguments.of(
                        "((x > 1) or y = 2",
                        17,
                        "expected 'and', 'or' or ')' at position 17, found the end of the filter"
                                + " (the '(' at position 0 is still open)"),
                Arguments.of(
                        "(x > 1 y = 2)",
                        7,
                        "expected 'and', 'or' or ')' at position 7, found 'y' (the '(' at position 0 is still open)"),
                Arguments.of("x > 1)", 5, "unexpected ')' at position 5: there is no '(' for it to close"),
                Arguments.of("(x > 1))", 7, "unexpected ')' at position 7: there is no '(' for it to close"),
                Arguments.of("()", 1, "expected a column name, 'not' or '(' at position 1, found ')'"),
                // trailing tokens
                Arguments.of(
                        "x > 1 y = 2", 6, "expected 'and', 'or' or the end of the filter at position 6, found 'y'"),
                Arguments.of(
                        "x = true true",
                        9,
                        "expected 'and', 'or' or the end of the filter at position 9, found 'true'"),
                Arguments.of(
                        "x = 1 2",
                        6,
                        "expected 'and', 'or' or the end of the filter at position 6, found the number 2"),
                // a column with no predicate
                Arguments.of(
                        "x",
                        1,
                        "expected an operator (" + OPERATORS + "), 'in', 'between' or 'is' after column 'x'"
                                + " at position 1, found the end of the filter"),
                Arguments.of(
                        "x and y > 1",
                        2,
                        "expected an operator (" + OPERATORS + "), 'in', 'between' or 'is' after column 'x'"
                                + " at position 2, found 'and'"),
                Arguments.of(
                        "`my flag` or y > 1",
                        10,
                        "expected an operator (" + OPERATORS + "), 'in', 'between' or 'is' after column 'my flag'"
                                + " at position 10, found 'or'"),
                // operators
                Arguments.of("x => 1", 2, "unknown operator '=>' at position 2; use one of " + OPERATORS),
                Arguments.of("x === 1", 2, "unknown operator '===' at position 2; use one of " + OPERATORS),
                Arguments.of("x ! 1", 2, "unknown operator '!' at position 2; use one of " + OPERATORS),
                Arguments.of("x =< 1", 2, "unknown operator '=<' at position 2; use one of " + OPERATORS),
                Arguments.of("x # 1", 2, "unexpected character '#' at position 2"),
                Arguments.of("x = 1; drop table t", 5, "unexpected character ';' at position 5"),
                Arguments.of("x = -", 4, "unexpected character '-' at position 4"),
                Arguments.of("x =\u0007 1", 3, "unexpected character U+0007 at position 3"),
                Arguments.of(
                        "café = 1",
                        3,
                        "unexpected character 'é' at position 3;"
                                + " put a column name with other characters in back quotes, like `café`"),
                // values
                Arguments.of("age >= and x = 1", 7, "expected a value after '>=' at position 7, found 'and'"),
                Arguments.of("age >=", 6, "expected a value after '>=' at position 6, found the end of the filter"),
                Arguments.of("age > y", 6, "expected a value after '>' at position 6, found 'y'"),
                Arguments.of(
                        "x = null",
                        4,
                        "expected a value after '=' at position 4, found 'null';"
                                + " use 'is null' or 'is not null' to test for missing values"),
                Arguments.of("x = 1.2.3", 4, "malformed number '1.2.3' at position 4"),
                Arguments.of("x = 1e", 4, "malformed number '1e' at position 4"),
                Arguments.of("x = 1e+", 4, "malformed number '1e+' at position 4"),
                Arguments.of("x = 5abc", 4, "malformed number '5abc' at position 4"),
                Arguments.of("x = .", 4, "malformed number '.' at position 4"),
                Arguments.of("x = 1e999", 4, "the number 1e999 at position 4 is too large"),
                // strings and names
                Arguments.of(
                        "x = 'abc",
                        4,
                        "unterminated string starting at position 4; end it with ' (write '' for a ' inside it)"),
                Arguments.of(
                        "x = 'it''s",
                        4,
                        "unterminated string starting at position 4; end it with ' (write '' for a ' inside it)"),
                Arguments.of(
                        "x = \"abc",
                        4,
                        "unterminated string starting at position 4; end it with \" (write \"\" for a \" inside it)"),
                Arguments.of(
                        "`abc = 1",
                        0,
                        "unterminated back-quoted column name starting at position 0; end it with ` (write `` for a ` inside it)"),
                Arguments.of("`` = 1", 0, "empty column name at position 0"),
                Arguments.of("1 = x", 0, "expected a column name, 'not' or '(' at position 0, found the number 1"),
                Arguments.of("'x' = 1", 0, "expected a column name, 'not' or '(' at position 0, found the string 'x'"),
                Arguments.of(
                        "in = 1",
                        0,
                        "expected a column name, 'not' or '(' at position 0, found the keyword 'in';"
                                + " write a column named like a keyword in back quotes, like `in`"),
                Arguments.of(
                        "x > 1 and",
                        9,
                        "expected a column name, 'not' or '(' at position 9, found the end of the filter"),
                Arguments.of(
                        "not", 3, "expected a column name, 'not' or '(' at position 3, found the end of the filter"),
                // in lists
                Arguments.of("x in ()", 6, "expected at least one value in the 'in' list at position 6, found ')'"),
                Arguments.of(
                        "x not in ( )", 11, "expected at least one value in the 'in' list at position 11, found ')'"),
                Arguments.of("x in (1,)", 8, "expected a value in the 'in' list at position 8, found ')'"),
                Arguments.of("x in (1 2)", 8, "expected ',' or ')' in the 'in' list at position 8, found the number 2"),
                Arguments.of(
                        "x in (1",
                        7,
                        "expected ',' or ')' in the 'in' list at position 7, found the end of the filter"),
                Arguments.of("x in 1", 5, "expected '(' after 'in' at position 5, found the number 1"),
                // between, is, not
                Arguments.of(
                        "x between 1",
                        11,
                        "expected 'and' after the first value of 'between' at position 11, found the end of the filter"),
                Arguments.of(
                        "x between 1 or 2",
                        12,
                        "expected 'and' after the first value of 'between' at position 12, found 'or'"),
                Arguments.of(
                        "x between 1 and",
                        15,
                        "expected a value after 'between … and' at position 15, found the end of the filter"),
                Arguments.of("x is 1", 5, "expected 'null' after 'is' at position 5, found the number 1"),
                Arguments.of("x is not true", 9, "expected 'null' after 'is not' at position 9, found 'true'"),
                Arguments.of("x not = 1", 6, "expected 'in' or 'between' after 'not' at position 6, found '='"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void saysWhatWasExpectedAndWhere(String text, int position, String message) {
        FilterSyntaxException error = catchThrowableOfType(FilterSyntaxException.class, () -> RowFilter.parse(text));

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).isEqualTo(message);
        assertThat(error.position()).isEqualTo(position);
    }

    @Test
    void countsPositionsFromTheFirstCharacterThatIsNotWhiteSpace() {
        assertThatThrownBy(() -> RowFilter.parse("   x >"))
                .isInstanceOfSatisfying(FilterSyntaxException.class, error -> assertThat(error.position())
                        .isEqualTo(3));
    }

    @Test
    void refusesTextOverTheLimit() {
        String tooLong = "x = 1 or ".repeat(454) + "x = 1111111";

        assertThat(tooLong).hasSize(RowFilter.MAX_LENGTH + 1);
        assertThatThrownBy(() -> RowFilter.parse(tooLong))
                .isInstanceOfSatisfying(FilterSyntaxException.class, error -> {
                    assertThat(error.position()).isEqualTo(4096);
                    assertThat(error)
                            .hasMessage("the filter is 4097 characters long; the limit is 4096,"
                                    + " so it must end before position 4096");
                });
        assertThat(RowFilter.parse(tooLong.substring(0, RowFilter.MAX_LENGTH)).text())
                .hasSize(RowFilter.MAX_LENGTH);
    }

    @Test
    void refusesMoreThanAThousandValuesInAList() {
        String list = "x in (" + "1, ".repeat(1000) + "1)";

        assertThatThrownBy(() -> RowFilter.parse(list)).isInstanceOfSatisfying(FilterSyntaxException.class, error -> {
            assertThat(error.position()).isEqualTo(3006);
            assertThat(error).hasMessage("the 'in' list has more than 1000 values; value 1001 is at position 3006");
        });
    }

    @Test
    void refusesNestingDeeperThanSixtyFourLevels() {
        String parentheses = "(".repeat(65) + "x = 1" + ")".repeat(65);
        String nots = "not ".repeat(65) + "x = 1";
        String mixed = "(not ".repeat(33) + "x = 1" + ")".repeat(33);

        assertThat(catchThrowableOfType(FilterSyntaxException.class, () -> RowFilter.parse(parentheses)))
                .hasMessage("the filter nests more than 64 levels deep at position 64;"
                        + " parentheses and 'not' each add a level")
                .returns(64, FilterSyntaxException::position);
        assertThat(catchThrowableOfType(FilterSyntaxException.class, () -> RowFilter.parse(nots)))
                .returns(256, FilterSyntaxException::position);
        assertThat(catchThrowableOfType(FilterSyntaxException.class, () -> RowFilter.parse(mixed)))
                .returns(160, FilterSyntaxException::position);
    }

    @Test
    void survivesHostileFiltersOfFullLength() {
        String openings = "(".repeat(RowFilter.MAX_LENGTH);
        String nots = "not ".repeat(RowFilter.MAX_LENGTH / 4);
        String closings = ")".repeat(RowFilter.MAX_LENGTH);
        String unterminated = "'".repeat(RowFilter.MAX_LENGTH - 1);
        String quotes = "'".repeat(RowFilter.MAX_LENGTH);

        assertThat(catchThrowableOfType(FilterSyntaxException.class, () -> RowFilter.parse(openings)))
                .returns(64, FilterSyntaxException::position);
        assertThat(catchThrowableOfType(FilterSyntaxException.class, () -> RowFilter.parse(nots)))
                .returns(256, FilterSyntaxException::position);
        assertThat(catchThrowableOfType(FilterSyntaxException.class, () -> RowFilter.parse(closings)))
                .returns(0, FilterSyntaxException::position);
        assertThat(catchThrowableOfType(FilterSyntaxException.class, () -> RowFilter.parse(unterminated)))
                .hasMessageStartingWith("unterminated string starting at position 0")
                .returns(0, FilterSyntaxException::position);
        assertThat(catchThrowableOfType(FilterSyntaxException.class, () -> RowFilter.parse(quotes)))
                .hasMessageStartingWith("expected a column name, 'not' or '(' at position 0, found the string ''''")
                .returns(0, FilterSyntaxException::position);
    }
}

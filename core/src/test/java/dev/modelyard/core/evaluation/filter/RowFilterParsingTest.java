package dev.modelyard.core.evaluation.filter;

import static dev.modelyard.core.evaluation.filter.TestingBatches.batch;
import static dev.modelyard.core.evaluation.filter.TestingBatches.booleans;
import static dev.modelyard.core.evaluation.filter.TestingBatches.matchingRows;
import static dev.modelyard.core.evaluation.filter.TestingBatches.numbers;
import static dev.modelyard.core.evaluation.filter.TestingBatches.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.ColumnType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a filter means, shown by the rows it keeps; precedence is covered with all combinations in the evaluation test. */
class RowFilterParsingTest {
    private static final ColumnBatch NUMBERS = batch(numbers("x", ColumnType.BIGINT, 1.0, 2.0, 3.0));

    @Test
    void andBindsTighterThanOr() {
        ColumnBatch batch = batch(
                numbers("a", ColumnType.BIGINT, 1.0, 0.0),
                numbers("b", ColumnType.BIGINT, 0.0, 1.0),
                numbers("c", ColumnType.BIGINT, 0.0, 0.0));

        assertThat(matchingRows("a = 1 or b = 1 and c = 1", batch)).containsExactly(0);
        assertThat(matchingRows("(a = 1 or b = 1) and c = 1", batch)).isEmpty();
        assertThat(matchingRows("b = 1 and c = 1 or a = 1", batch)).containsExactly(0);
    }

    @Test
    void notBindsTighterThanAnd() {
        ColumnBatch batch = batch(numbers("a", ColumnType.BIGINT, 1.0, 0.0), numbers("b", ColumnType.BIGINT, 0.0, 0.0));

        assertThat(matchingRows("not a = 1 and b = 1", batch)).isEmpty();
        assertThat(matchingRows("not (a = 1 and b = 1)", batch)).containsExactly(0, 1);
        assertThat(matchingRows("not not a = 1", batch)).containsExactly(0);
        assertThat(matchingRows("((((a = 1))))", batch)).containsExactly(0);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "x = 2    | 1",
                "x == 2   | 1",
                "x != 2   | 0 2",
                "x <> 2   | 0 2",
                "x < 2    | 0",
                "x <= 2   | 0 1",
                "x > 2    | 2",
                "x >= 2   | 1 2",
                "x>=2     | 1 2",
                "x<>2     | 0 2",
                "x>-1     | 0 1 2",
                "x = 2.0  | 1",
                "x = 2e0  | 1",
                "x = 0.2E1 | 1",
                "x = 20e-1 | 1",
                "x = +2   | 1",
                "x > .5e1 | ''",
                "x < -.5  | ''",
                "x = 2.   | 1",
            })
    void readsEveryOperatorAndNumberForm(String filter, String expectedRows) {
        assertThat(matchingRows(filter, NUMBERS)).isEqualTo(rows(expectedRows));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "s = 'it''s'                  | 0",
                "s = \"say \"\"hi\"\"\"       | 1",
                "s = ''                       | 2",
                "s = \"\"                     | 2",
                "s = 'a\"b'                   | 3",
                "s = \"c'd\"                  | 4",
                "s = 'and or not (x = 1)'     | 5",
                "s in ('it''s', \"c'd\")      | 0 4",
            })
    void readsQuotedStrings(String filter, String expectedRows) {
        ColumnBatch batch = batch(
                strings("s", ColumnType.VARCHAR, "it's", "say \"hi\"", "", "a\"b", "c'd", "and or not (x = 1)", null));

        assertThat(matchingRows(filter, batch)).isEqualTo(rows(expectedRows));
    }

    @Test
    void readsBackQuotedColumnNames() {
        ColumnBatch batch = batch(
                numbers("age (years)", ColumnType.BIGINT, 20.0, 40.0),
                numbers("odd`name", ColumnType.BIGINT, 1.0, 2.0),
                numbers("and", ColumnType.BIGINT, 1.0, 1.0),
                numbers("Region_2", ColumnType.BIGINT, 5.0, 6.0));

        RowFilter filter = RowFilter.parse("`age (years)` > 30 and `odd``name` = 2 and `and` = 1 and `Region_2` = 6");

        assertThat(filter.columns()).containsExactly("age (years)", "odd`name", "and", "Region_2");
        assertThat(filter.matches(batch)).containsExactly(false, true);
        assertThat(matchingRows("Region_2 = 5", batch)).containsExactly(0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "flag = TRUE AND x BETWEEN 1 AND 2 OR x IN (3) AND NOT flag IS NULL",
                "flag = True and x Between 1 And 2 oR x In (3) and Not flag Is Null",
                "flag=true and x between 1 and 2 or x in(3)and not flag is null",
            })
    void readsKeywordsInAnyCase(String filter) {
        ColumnBatch batch = batch(numbers("x", ColumnType.BIGINT, 1.0, 2.0, 3.0), booleans("flag", true, false, true));

        assertThat(matchingRows(filter, batch)).containsExactly(0, 2);
    }

    @Test
    void readsNegatedForms() {
        ColumnBatch batch = batch(numbers("x", ColumnType.BIGINT, 1.0, 2.0, 3.0, null));

        assertThat(matchingRows("x not in (1, 3)", batch)).containsExactly(1);
        assertThat(matchingRows("x not between 2 and 3", batch)).containsExactly(0);
        assertThat(matchingRows("x is not null", batch)).containsExactly(0, 1, 2);
        assertThat(matchingRows("x is null", batch)).containsExactly(3);
        assertThat(matchingRows("not x in (1, 3)", batch)).containsExactly(1);
    }

    @Test
    void keepsTheTextWithoutSurroundingWhiteSpace() {
        RowFilter filter = RowFilter.parse(" \n\t x > 1 and y = 'a'  \n");

        assertThat(filter.text()).isEqualTo("x > 1 and y = 'a'");
        assertThat(filter).hasToString("x > 1 and y = 'a'");
    }

    @Test
    void listsColumnsInFirstUseOrder() {
        RowFilter filter = RowFilter.parse("b = 1 and (a = 2 or b = 3) and not c is null and a in (1)");

        assertThat(filter.columns()).containsExactly("b", "a", "c");
        assertThat(List.copyOf(filter.columns())).containsExactly("b", "a", "c");
    }

    @Test
    void isEqualByText() {
        assertThat(RowFilter.parse("x > 1"))
                .isEqualTo(RowFilter.parse("  x > 1 "))
                .hasSameHashCodeAs("x > 1");
        assertThat(RowFilter.parse("x > 1")).isNotEqualTo(RowFilter.parse("x>1"));
    }

    @Test
    void acceptsLongFlatFiltersWithoutDeepRecursion() {
        StringBuilder text = new StringBuilder("x = 0");
        while (text.length() + 2 * " or x = 0".length() <= RowFilter.MAX_LENGTH) {
            text.append(" or x = 0");
        }
        text.append(" or x = 2");

        RowFilter filter = RowFilter.parse(text.toString());

        assertThat(filter.text()).hasSizeBetween(RowFilter.MAX_LENGTH - 10, RowFilter.MAX_LENGTH);
        assertThat(filter.matches(NUMBERS)).containsExactly(false, true, false);
    }

    @Test
    void acceptsSixtyFourLevelsOfNesting() {
        String parentheses = "(".repeat(63) + "not x = 1" + ")".repeat(63);

        assertThat(matchingRows(parentheses, NUMBERS)).containsExactly(1, 2);
        assertThat(matchingRows("not ".repeat(64) + "x = 1", NUMBERS)).containsExactly(0);
    }

    @Test
    void acceptsAThousandValuesInAList() {
        String list = "x in (" + "0, ".repeat(999) + "3)";

        assertThat(matchingRows(list, NUMBERS)).containsExactly(2);
    }

    private static List<Integer> rows(String expected) {
        if (expected.isBlank()) {
            return List.of();
        }
        return Arrays.stream(expected.trim().split(" ")).map(Integer::valueOf).toList();
    }
}

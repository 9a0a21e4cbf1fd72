package dev.modelyard.core.evaluation.filter;

import static dev.modelyard.core.evaluation.filter.TestingBatches.batch;
import static dev.modelyard.core.evaluation.filter.TestingBatches.booleans;
import static dev.modelyard.core.evaluation.filter.TestingBatches.matchingRows;
import static dev.modelyard.core.evaluation.filter.TestingBatches.numbers;
import static dev.modelyard.core.evaluation.filter.TestingBatches.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.ColumnBatch.BooleanVector;
import dev.modelyard.core.dataset.ColumnBatch.DoubleVector;
import dev.modelyard.core.dataset.ColumnBatch.StringVector;
import dev.modelyard.core.dataset.ColumnType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The rows a filter keeps, for every column type, with missing values and SQL's three-valued logic. */
class RowFilterEvaluationTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "x = 2                    | 1",
                "x != 2                   | 0 2 4",
                "x < 2                    | 0",
                "x <= 2                   | 0 1",
                "x > 2                    | 2",
                "x >= 2                   | 1 2",
                "x between 1 and 2        | 0 1",
                "x between 2 and 1        | ''",
                "x not between 1 and 2    | 2 4",
                "x in (1, 3, 1)           | 0 2",
                "x not in (1, 3)          | 1 4",
                "x is null                | 3",
                "x is not null            | 0 1 2 4",
                "not x > 1                | 0 4",
                "not x is null            | 0 1 2 4",
            })
    void comparesDoublesAndLeavesOutNulls(String filter, String expectedRows) {
        // row 3 is null (UNKNOWN); row 4 holds NaN, a value unordered against every number, as in numpy
        ColumnBatch batch = batch(numbers("x", ColumnType.DOUBLE, 1.0, 2.0, 3.0, null, Double.NaN));

        assertThat(matchingRows(filter, batch)).isEqualTo(rows(expectedRows));
    }

    @Test
    void comparesBigintColumnsWithFractions() {
        ColumnBatch batch = batch(numbers("n", ColumnType.BIGINT, 2.0, 3.0, -3.0, 0.0));

        assertThat(matchingRows("n > 2.5", batch)).containsExactly(1);
        assertThat(matchingRows("n in (2.5, 3)", batch)).containsExactly(1);
        assertThat(matchingRows("n = -3.0e0", batch)).containsExactly(2);
        assertThat(matchingRows("n = -0", batch)).containsExactly(3);
        assertThat(matchingRows("n in (-0)", batch)).containsExactly(3);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "s = 'apple'                  | 0",
                "s != 'apple'                 | 1 2 4",
                "s = 'Apple'                  | ''",
                "s < 'b'                      | 0 1 4",
                "s <= 'apple'                 | 0 1 4",
                "s > 'apple'                  | 2",
                "s >= 'c'                     | 2",
                "s between 'a' and 'c'        | 0",
                "s not between 'a' and 'c'    | 1 2 4",
                "s in ('apple', 'cherry')     | 0 2",
                "s not in ('apple', 'cherry') | 1 4",
                "s = ''                       | 4",
                "s is null                    | 3",
            })
    void comparesStringsExactlyAndCaseSensitively(String filter, String expectedRows) {
        ColumnBatch batch = batch(strings("s", ColumnType.VARCHAR, "apple", "Banana", "cherry", null, ""));

        assertThat(matchingRows(filter, batch)).isEqualTo(rows(expectedRows));
    }

    @Test
    void ordersStringsByUtf16CodeUnitsAsStringCompareToDoes() {
        String fullwidthTilde = "\uFF5E";
        String grinningFace = "\uD83D\uDE00"; // U+1F600, above U+FF5E as a code point, below it as UTF-16
        ColumnBatch batch = batch(strings("s", ColumnType.VARCHAR, fullwidthTilde, grinningFace));

        assertThat(matchingRows("s > '" + grinningFace + "'", batch)).containsExactly(0);
        assertThat(matchingRows("s in ('" + grinningFace + "')", batch)).containsExactly(1);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "flag = true               | 0",
                "flag == TRUE              | 0",
                "flag != true              | 1",
                "flag <> false             | 0",
                "flag = false              | 1",
                "flag in (true, false)     | 0 1",
                "flag not in (true)        | 1",
                "flag not in (true, false) | ''",
                "not flag = true           | 1",
                "flag is null              | 2",
                "flag is not null          | 0 1",
            })
    void comparesBooleans(String filter, String expectedRows) {
        ColumnBatch batch = batch(booleans("flag", true, false, null));

        assertThat(matchingRows(filter, batch)).isEqualTo(rows(expectedRows));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "day = '2024-01-31'                               | 1",
                "day != '2024-01-31'                              | 0 2 4 5",
                "day >= '2024-01-31'                              | 1 2 4",
                "day < '2024-01-31'                               | 0 5",
                "day between '2024-01-31' and '2024-02-01'        | 1 2",
                "day in ('2024-01-30', '2024-02-01', '2030-01-01') | 0 2",
                "day not in ('2024-01-30')                        | 1 2 4 5",
                "day > '+10000-01-01'                             | 4",
                "day < '-0001-01-01'                              | 5",
                "day is null                                      | 3",
            })
    void comparesDatesChronologically(String filter, String expectedRows) {
        ColumnBatch batch = batch(strings(
                "day", ColumnType.DATE, "2024-01-30", "2024-01-31", "2024-02-01", null, "infinity", "-infinity"));

        assertThat(matchingRows(filter, batch)).isEqualTo(rows(expectedRows));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ts = '2024-01-31'                                                   | 1",
                "ts = '2024-01-31T00:00'                                             | 1",
                "ts = '2024-01-31 00:00:00.000000000'                                | 1",
                "ts >= '2024-01-31'                                                  | 1 2 3 5",
                "ts < '2024-01-31'                                                   | 0",
                "ts < '2024-01-31T12:00'                                             | 0 1 5",
                "ts <= '2024-01-31T12:00:00Z'                                        | 0 1 2 5",
                "ts > '2024-01-31T12:00:00+01:00'                                    | 2 3",
                "ts between '2024-01-31' and '2024-01-31T23:59:59.999999999'         | 1 2 5",
                "ts not between '2024-01-31' and '2024-01-31T23:59:59.999999999'     | 0 3",
                "ts in ('2024-01-31T12:00:00.000', '2024-01-31T01:00:00Z')           | 2 5",
                "ts in ('2024-01-31T01:00:00.000000001')                             | ''",
                "ts is null                                                          | 4",
            })
    void comparesTimestampsChronologicallyWithDatesAsTheStartOfTheirDay(String filter, String expectedRows) {
        ColumnBatch batch = batch(strings(
                "ts",
                ColumnType.TIMESTAMP,
                "2024-01-30T23:59:59.999999",
                "2024-01-31T00:00:00",
                "2024-01-31T12:00:00",
                "2024-02-01T00:00:00",
                null,
                "2024-01-31 06:00:00+05")); // 01:00 UTC

        assertThat(matchingRows(filter, batch)).isEqualTo(rows(expectedRows));
    }

    @Test
    void readsEachDateColumnOncePerBatchAndReportsValuesItCannotRead() {
        ColumnBatch good = batch(strings("day", ColumnType.DATE, "2024-01-31", "2024-02-01"));
        ColumnBatch bad =
                new ColumnBatch(1000, 2, List.of(strings("day", ColumnType.DATE, "2024-01-31", "31/01/2024")));

        assertThat(matchingRows("day >= '2024-01-31' and day < '2024-02-01' or day = '2024-02-01'", good))
                .containsExactly(0, 1);
        assertThatThrownBy(() -> RowFilter.parse("day > '2024-01-01'").matches(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the DATE column 'day' holds '31/01/2024' in row 1001,"
                        + " which is not an ISO-8601 date or date-time");
    }

    @Test
    void leavesOutRowsWhereTheFilterIsUnknown() {
        // row 0: x null, y 'a'; row 1: x 2, y 'b'; row 2: x null, y null
        ColumnBatch batch = batch(
                numbers("x", ColumnType.BIGINT, null, 2.0, null), strings("y", ColumnType.VARCHAR, "a", "b", null));

        assertThat(matchingRows("x > 1", batch)).containsExactly(1);
        assertThat(matchingRows("not (x > 1)", batch)).isEmpty();
        assertThat(matchingRows("x > 1 or y = 'a'", batch)).containsExactly(0, 1);
        assertThat(matchingRows("x > 1 and y = 'a'", batch)).isEmpty();
        assertThat(matchingRows("not (x > 1 and y = 'b')", batch)).containsExactly(0);
        assertThat(matchingRows("not (x > 1 or y = 'a')", batch)).isEmpty();
        assertThat(matchingRows("x not in (1)", batch)).containsExactly(1);
        assertThat(matchingRows("x not between 5 and 6", batch)).containsExactly(1);
        assertThat(matchingRows("x is null or x > 1", batch)).containsExactly(0, 1, 2);
        assertThat(matchingRows("not (x is null)", batch)).containsExactly(1);
    }

    static Stream<Arguments> kleeneCases() {
        return Stream.of(
                kleene("a = 1 or b = 1 and c = 1", row -> or(row.a(), and(row.b(), row.c()))),
                kleene("(a = 1 or b = 1) and c = 1", row -> and(or(row.a(), row.b()), row.c())),
                kleene("a = 1 and b = 1 or c = 1", row -> or(and(row.a(), row.b()), row.c())),
                kleene("not a = 1 and b = 1", row -> and(not(row.a()), row.b())),
                kleene("not (a = 1 and b = 1)", row -> not(and(row.a(), row.b()))),
                kleene("not (a = 1 or b = 1)", row -> not(or(row.a(), row.b()))),
                kleene("not not a = 1", row -> row.a()),
                kleene("a = 1 and b = 1 and c = 1", row -> and(and(row.a(), row.b()), row.c())),
                kleene("a = 1 or b = 1 or c = 1", row -> or(or(row.a(), row.b()), row.c())),
                kleene("a = 1 or not b = 1 and not c = 1", row -> or(row.a(), and(not(row.b()), not(row.c())))),
                kleene(
                        "not (a = 1 or (b = 1 and not (c = 1 or a = 1)))",
                        row -> not(or(row.a(), and(row.b(), not(or(row.c(), row.a())))))),
                kleene(
                        "a is null or b is not null and not c is null",
                        row -> or(row.a() == null, and(row.b() != null, row.c() != null))),
                kleene("a != 1 or b not in (1)", row -> or(not(row.a()), not(row.b()))),
                kleene("a between 1 and 1 and b not between 1 and 1", row -> and(row.a(), not(row.b()))));
    }

    @ParameterizedTest
    @MethodSource("kleeneCases")
    void followsKleeneLogicOnEveryCombination(String filter, Function<Triple, Boolean> expected) {
        // a, b and c each 1 (TRUE for "= 1"), 0 (FALSE) or null (UNKNOWN): all 27 rows
        Double[] values = {1.0, 0.0, null};
        List<Triple> triples = new ArrayList<>();
        for (Double a : values) {
            for (Double b : values) {
                for (Double c : values) {
                    triples.add(new Triple(a, b, c));
                }
            }
        }
        ColumnBatch batch = batch(
                numbers(
                        "a",
                        ColumnType.BIGINT,
                        triples.stream().map(Triple::aValue).toArray(Double[]::new)),
                numbers(
                        "b",
                        ColumnType.BIGINT,
                        triples.stream().map(Triple::bValue).toArray(Double[]::new)),
                numbers(
                        "c",
                        ColumnType.BIGINT,
                        triples.stream().map(Triple::cValue).toArray(Double[]::new)));

        boolean[] matches = RowFilter.parse(filter).matches(batch);

        for (int row = 0; row < triples.size(); row++) {
            assertThat(matches[row])
                    .as("%s with %s", filter, triples.get(row))
                    .isEqualTo(Boolean.TRUE.equals(expected.apply(triples.get(row))));
        }
    }

    @Test
    void evaluatesAnEmptyBatch() {
        ColumnBatch empty = batch(numbers("x", ColumnType.BIGINT));

        assertThat(RowFilter.parse("x > 1 or not x < 0").matches(empty)).isEmpty();
    }

    @Test
    void evaluatesAMillionRows() {
        int rows = 1_000_000;
        double[] numbers = new double[rows];
        boolean[] numberNulls = new boolean[rows];
        String[] regions = new String[rows];
        boolean[] regionNulls = new boolean[rows];
        boolean[] flags = new boolean[rows];
        boolean[] flagNulls = new boolean[rows];
        String[] days = new String[rows];
        boolean[] dayNulls = new boolean[rows];
        String[] regionNames = {"north", "south", "east", "west"};
        String[] dayNames = Stream.iterate(LocalDate.of(2024, 1, 1), day -> day.plusDays(1))
                .limit(60)
                .map(LocalDate::toString)
                .toArray(String[]::new);
        for (int row = 0; row < rows; row++) {
            numberNulls[row] = row % 11 == 0;
            numbers[row] = numberNulls[row] ? Double.NaN : row % 100;
            regionNulls[row] = row % 7 == 0;
            regions[row] = regionNulls[row] ? null : regionNames[row % 4];
            flagNulls[row] = row % 13 == 0;
            flags[row] = !flagNulls[row] && row % 3 == 0;
            dayNulls[row] = row % 17 == 0;
            days[row] = dayNulls[row] ? null : dayNames[row % 60];
        }
        ColumnBatch batch = new ColumnBatch(
                0,
                rows,
                List.of(
                        new DoubleVector(new Column("age", ColumnType.BIGINT), numbers, numberNulls),
                        new StringVector(new Column("region", ColumnType.VARCHAR), regions, regionNulls),
                        new BooleanVector(new Column("active", ColumnType.BOOLEAN), flags, flagNulls),
                        new StringVector(new Column("day", ColumnType.DATE), days, dayNulls)));
        RowFilter filter = RowFilter.parse(
                "age >= 30 and (region in ('north', 'south') or active = true) and not day >= '2024-02-01'");

        boolean[] matches = filter.matches(batch);

        boolean[] expected = new boolean[rows];
        int expectedCount = 0;
        for (int row = 0; row < rows; row++) {
            Boolean age = numberNulls[row] ? null : numbers[row] >= 30;
            Boolean region = regionNulls[row] ? null : row % 4 < 2;
            Boolean active = flagNulls[row] ? null : flags[row];
            Boolean early = dayNulls[row] ? null : row % 60 < 31;
            expected[row] = Boolean.TRUE.equals(and(and(age, or(region, active)), early));
            expectedCount += expected[row] ? 1 : 0;
        }
        assertThat(matches).isEqualTo(expected);
        assertThat(expectedCount).isBetween(150_000, 250_000);
    }

    /** One row of the truth table: values of a, b and c, and each "= 1" test as TRUE, FALSE or null (UNKNOWN). */
    record Triple(Double aValue, Double bValue, Double cValue) {
        Boolean a() {
            return equalsOne(aValue);
        }

        Boolean b() {
            return equalsOne(bValue);
        }

        Boolean c() {
            return equalsOne(cValue);
        }

        private static Boolean equalsOne(Double value) {
            return value == null ? null : value == 1.0;
        }
    }

    private static Arguments kleene(String filter, Function<Triple, Boolean> expected) {
        return Arguments.of(filter, Named.of("reference", expected));
    }

    /** Kleene's and, with null as UNKNOWN: the reference the evaluator is checked against. */
    private static Boolean and(Boolean left, Boolean right) {
        if (Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right)) {
            return false;
        }
        return left == null || right == null ? null : true;
    }

    private static Boolean or(Boolean left, Boolean right) {
        if (Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right)) {
            return true;
        }
        return left == null || right == null ? null : false;
    }

    private static Boolean not(Boolean value) {
        return value == null ? null : !value;
    }

    private static List<Integer> rows(String expected) {
        if (expected.isBlank()) {
            return List.of();
        }
        return Stream.of(expected.trim().split(" +")).map(Integer::valueOf).toList();
    }
}

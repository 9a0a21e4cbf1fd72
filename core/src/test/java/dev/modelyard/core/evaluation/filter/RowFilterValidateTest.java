package dev.modelyard.core.evaluation.filter;

import static dev.modelyard.core.evaluation.filter.TestingBatches.batch;
import static dev.modelyard.core.evaluation.filter.TestingBatches.booleans;
import static dev.modelyard.core.evaluation.filter.TestingBatches.numbers;
import static dev.modelyard.core.evaluation.filter.TestingBatches.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.TableSchema;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checking a filter against a table's schema: columns that exist, values and operators that fit. */
class RowFilterValidateTest {
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("age", ColumnType.BIGINT),
            new Column("score", ColumnType.DOUBLE),
            new Column("region", ColumnType.VARCHAR),
            new Column("active", ColumnType.BOOLEAN),
            new Column("day", ColumnType.DATE),
            new Column("seen", ColumnType.TIMESTAMP),
            new Column("Name", ColumnType.VARCHAR)));
    private static final String COLUMNS = "'age', 'score', 'region', 'active', 'day', 'seen', 'Name'";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "age >= 30 and region in ('north', 'south')",
                "age > 2.5 and score between -1 and 1e3 and age not in (1, 2.5)",
                "region < 'm' and region between 'a' and 'c' and Name != \"x\"",
                "active = true or active != false or active in (true) or active <> true or active == false",
                "day >= '2024-01-31' and day not between '2024-01-01' and '2024-12-31' and day in ('2024-02-29')",
                "seen > '2024-01-31' and seen <= '2024-01-31T12:00:00.123456789' and seen != '2024-01-31 12:00Z'",
                "seen in ('2024-01-31', '2024-01-31T12:00+05:30')",
                "age is null or score is not null or region is null or active is null or day is null or seen is null",
            })
    void acceptsValuesThatFitTheirColumns(String filter) {
        assertThatCode(() -> RowFilter.parse(filter).validate(SCHEMA)).doesNotThrowAnyException();
    }

    static Stream<Arguments> mismatches() {
        return Stream.of(
                Arguments.of("agee > 1", 0, "unknown column 'agee' at position 0. The columns are " + COLUMNS),
                Arguments.of(
                        "age > 1 and name = 'x'",
                        12,
                        "unknown column 'name' at position 12; did you mean 'Name'? Names are case-sensitive."
                                + " The columns are " + COLUMNS),
                Arguments.of(
                        "age = 'thirty'",
                        6,
                        "column 'age' is BIGINT and takes numbers, not the string 'thirty' at position 6;"
                                + " write numbers without quotes"),
                Arguments.of("score = true", 8, "column 'score' is DOUBLE and takes numbers, not true at position 8"),
                Arguments.of(
                        "region = 5",
                        9,
                        "column 'region' is VARCHAR and takes quoted strings, not the number 5 at position 9;"
                                + " put text in quotes, like '5'"),
                Arguments.of(
                        "region in ('a', 1)",
                        16,
                        "column 'region' is VARCHAR and takes quoted strings, not the number 1 at position 16;"
                                + " put text in quotes, like '1'"),
                Arguments.of(
                        "active = 1",
                        9,
                        "column 'active' is BOOLEAN and takes true or false, not the number 1 at position 9"),
                Arguments.of(
                        "active in (true, 'false')",
                        17,
                        "column 'active' is BOOLEAN and takes true or false, not the string 'false' at position 17"),
                Arguments.of(
                        "active < true",
                        7,
                        "column 'active' is BOOLEAN, so '<' at position 7 does not apply;"
                                + " use =, ==, !=, <>, in or is null"),
                Arguments.of(
                        "active not BETWEEN false and true",
                        11,
                        "column 'active' is BOOLEAN, so 'between' at position 11 does not apply;"
                                + " use =, ==, !=, <>, in or is null"),
                Arguments.of(
                        "day = '31/01/2024'",
                        6,
                        "column 'day' is DATE and takes ISO-8601 dates such as '2024-01-31',"
                                + " not the string '31/01/2024' at position 6"),
                Arguments.of(
                        "day = '2023-02-29'",
                        6,
                        "column 'day' is DATE and takes ISO-8601 dates such as '2024-01-31',"
                                + " not the string '2023-02-29' at position 6"),
                Arguments.of(
                        "day < '2024-01-31T10:00'",
                        6,
                        "column 'day' is DATE and takes dates without a time of day, such as '2024-01-31',"
                                + " not the string '2024-01-31T10:00' at position 6"),
                Arguments.of(
                        "day between '2024-01-01' and 20240131",
                        29,
                        "column 'day' is DATE and takes ISO-8601 dates such as '2024-01-31',"
                                + " not the number 20240131 at position 29"),
                Arguments.of(
                        "seen > 'yesterday'",
                        7,
                        "column 'seen' is TIMESTAMP and takes ISO-8601 dates or date-times such as '2024-01-31'"
                                + " or '2024-01-31T12:00:00', not the string 'yesterday' at position 7"),
                Arguments.of(
                        "seen > '2024-01-31T25:00'",
                        7,
                        "column 'seen' is TIMESTAMP and takes ISO-8601 dates or date-times such as '2024-01-31'"
                                + " or '2024-01-31T12:00:00', not the string '2024-01-31T25:00' at position 7"),
                Arguments.of(
                        "agee > 1 and region = 5",
                        0,
                        "unknown column 'agee' at position 0. The columns are " + COLUMNS),
                Arguments.of(
                        "region = 5 and agee > 1",
                        9,
                        "column 'region' is VARCHAR and takes quoted strings, not the number 5 at position 9;"
                                + " put text in quotes, like '5'"));
    }

    @ParameterizedTest
    @MethodSource("mismatches")
    void reportsTheFirstMismatchInTheText(String filter, int position, String message) {
        RowFilter parsed = RowFilter.parse(filter);

        FilterSyntaxException error = catchThrowableOfType(FilterSyntaxException.class, () -> parsed.validate(SCHEMA));

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).isEqualTo(message);
        assertThat(error.position()).isEqualTo(position);
    }

    @Test
    void listsTheFirstFiftyColumnsOfAWideTable() {
        TableSchema wide = new TableSchema(IntStream.range(0, 60)
                .mapToObj(index -> new Column("c" + index, ColumnType.DOUBLE))
                .toList());

        assertThatThrownBy(() -> RowFilter.parse("c60 > 1").validate(wide))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("The columns are 'c0', 'c1', ")
                .hasMessageEndingWith(", 'c48', 'c49' and 10 more");
    }

    @Test
    void checksTypesAgainstTheBatchBeforeEvaluating() {
        ColumnBatch batch = batch(
                strings("region", ColumnType.VARCHAR, "north"),
                booleans("active", true),
                numbers("age", ColumnType.BIGINT, 40.0));

        assertThatThrownBy(() -> RowFilter.parse("age > 1 or region = 5").matches(batch))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessageStartingWith("column 'region' is VARCHAR and takes quoted strings, not the number 5");
        assertThatThrownBy(() -> RowFilter.parse("active >= true").matches(batch))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessageStartingWith("column 'active' is BOOLEAN, so '>=' at position 7 does not apply");
        assertThatThrownBy(() -> RowFilter.parse("missing = 1").matches(batch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the batch has no column 'missing'");
    }
}

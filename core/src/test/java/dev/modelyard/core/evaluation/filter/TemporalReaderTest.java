package dev.modelyard.core.evaluation.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading ISO-8601 text without objects must agree with java.time. */
class TemporalReaderTest {
    private final TemporalReader reader = new TemporalReader();

    @Test
    void readsDatesAsJavaTimeDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int draw = 0; draw < 20_000; draw++) {
            LocalDate date = LocalDate.ofEpochDay(random.nextLong(-800_000, 3_000_000));

            assertThat(reader.read(date.toString())).as(date.toString()).isTrue();
            assertThat(reader.epochSecond()).as(date.toString()).isEqualTo(date.toEpochDay() * 86_400);
            assertThat(reader.nano()).isZero();
            assertThat(reader.value().hasTime()).isFalse();
        }
    }

    @Test
    void readsDateTimesAsJavaTimeDoes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int draw = 0; draw < 20_000; draw++) {
            LocalDateTime dateTime = LocalDateTime.ofEpochSecond(
                    random.nextLong(-60_000_000_000L, 250_000_000_000L),
                    draw % 3 == 0 ? 0 : random.nextInt(1_000_000_000),
                    ZoneOffset.UTC);
            String text =
                    draw % 2 == 0 ? dateTime.toString() : dateTime.toString().replace('T', ' ');

            assertThat(reader.read(text)).as(text).isTrue();
            assertThat(reader.epochSecond()).as(text).isEqualTo(dateTime.toEpochSecond(ZoneOffset.UTC));
            assertThat(reader.nano()).as(text).isEqualTo(dateTime.getNano());
            assertThat(reader.value().hasTime()).isTrue();
        }
    }

    @Test
    void readsOffsetsAsJavaTimeDoes() {
        SplittableRandom random = new SplittableRandom(13);
        for (int draw = 0; draw < 20_000; draw++) {
            OffsetDateTime dateTime = OffsetDateTime.of(
                    LocalDateTime.ofEpochSecond(random.nextLong(0, 4_000_000_000L), 0, ZoneOffset.UTC),
                    ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60));

            assertThat(reader.read(dateTime.toString())).as(dateTime.toString()).isTrue();
            assertThat(reader.epochSecond()).as(dateTime.toString()).isEqualTo(dateTime.toEpochSecond());
        }
    }

    @Test
    void readsShortOffsetsAndDuckDbSpellings() {
        long utcNoon = LocalDateTime.of(2024, 1, 31, 12, 0).toEpochSecond(ZoneOffset.UTC);

        assertThat(reader.read("2024-01-31T17:30+0530")).isTrue();
        assertThat(reader.epochSecond()).isEqualTo(utcNoon);
        assertThat(reader.read("2024-01-31 07:00:00-05")).isTrue();
        assertThat(reader.epochSecond()).isEqualTo(utcNoon);
        assertThat(reader.readValue("0045-03-15 (BC)")).isTrue();
        assertThat(reader.epochSecond()).isEqualTo(LocalDate.of(-44, 3, 15).toEpochDay() * 86_400);
        assertThat(reader.readValue("infinity")).isTrue();
        assertThat(reader.epochSecond()).isEqualTo(Long.MAX_VALUE);
        assertThat(reader.readValue("-infinity")).isTrue();
        assertThat(reader.epochSecond()).isEqualTo(Long.MIN_VALUE);
        assertThat(reader.read("infinity")).isFalse();
        assertThat(reader.read("0045-03-15 (BC)")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2024",
                "2024-01",
                "24-01-31",
                "2024-1-31",
                "2024-01-1",
                "2024/01/31",
                "31/01/2024",
                "2024-00-10",
                "2024-13-10",
                "2024-01-00",
                "2024-01-32",
                "2023-02-29",
                "1900-02-29",
                "2024-04-31",
                "2024-01-31Z",
                "2024-01-31T",
                "2024-01-31T12",
                "2024-01-31T12:",
                "2024-01-31T12:0",
                "2024-01-31t12:00",
                "2024-01-31T24:00",
                "2024-01-31T12:60",
                "2024-01-31T12:00:60",
                "2024-01-31T12:00:00.",
                "2024-01-31T12:00:00.1234567890",
                "2024-01-31T12:00:00,5",
                "2024-01-31T12:00+19:00",
                "2024-01-31T12:00+18:01",
                "2024-01-31T12:00+05:3",
                "2024-01-31T12:00+5",
                "2024-01-31T12:00 +05:00",
                "2024-01-31T12:00ZZ",
                "2024-01-31T12:00:00Z extra",
                " 2024-01-31",
                "1234567890-01-01",
                "２０２４-01-31",
            })
    void rejectsTextThatIsNotAnIsoDateOrDateTime(String text) {
        assertThat(reader.read(text)).isFalse();
    }
}

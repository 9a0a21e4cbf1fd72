package dev.modelyard.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.monitoring.monitor.CronSchedule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Five-field cron schedules: what they accept, what they refuse, and when they fire next (UTC). */
class CronScheduleTest {
    private static Instant next(String expression, String after) {
        return CronSchedule.parse(expression).nextAfter(Instant.parse(after));
    }

    @Test
    void everyMinuteFiresAtTheNextWholeMinute() {
        assertThat(next("* * * * *", "2026-03-01T10:00:00Z")).isEqualTo("2026-03-01T10:01:00Z");
        assertThat(next("* * * * *", "2026-03-01T10:00:59.999Z")).isEqualTo("2026-03-01T10:01:00Z");
    }

    @Test
    void stepsRangesAndListsCombine() {
        assertThat(next("*/15 * * * *", "2026-03-01T10:00:00Z")).isEqualTo("2026-03-01T10:15:00Z");
        assertThat(next("*/15 * * * *", "2026-03-01T10:50:00Z")).isEqualTo("2026-03-01T11:00:00Z");
        assertThat(next("0-30/10 * * * *", "2026-03-01T10:31:00Z")).isEqualTo("2026-03-01T11:00:00Z");
        assertThat(next("5/20 * * * *", "2026-03-01T10:26:00Z")).isEqualTo("2026-03-01T10:45:00Z");
        assertThat(next("0 9,17 * * *", "2026-03-01T09:00:00Z")).isEqualTo("2026-03-01T17:00:00Z");
        assertThat(next("30 8-10 * * *", "2026-03-01T10:30:00Z")).isEqualTo("2026-03-02T08:30:00Z");
        assertThat(next("0 0 1,15 * *", "2026-03-02T00:00:00Z")).isEqualTo("2026-03-15T00:00:00Z");
    }

    @Test
    void monthsAndDaysOfTheWeekTakeNumbersOrNames() {
        // 2026-03-01 is a Sunday
        assertThat(next("0 9 * * mon-fri", "2026-03-01T00:00:00Z")).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(next("0 9 * * 1-5", "2026-03-06T09:00:00Z")).isEqualTo("2026-03-09T09:00:00Z");
        assertThat(next("0 0 * * 7", "2026-03-01T00:00:00Z")).isEqualTo("2026-03-08T00:00:00Z");
        assertThat(next("0 0 * * SUN", "2026-03-01T00:00:00Z")).isEqualTo("2026-03-08T00:00:00Z");
        assertThat(next("0 0 1 jan *", "2026-03-01T00:00:00Z")).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(next("0 0 1 */3 *", "2026-03-01T00:00:00Z")).isEqualTo("2026-04-01T00:00:00Z");
    }

    @Test
    void bothDayFieldsRestrictedMatchEitherAsInVixieCron() {
        // the 13th, or any Friday: 2026-03-06 is a Friday, before the 13th
        assertThat(next("0 0 13 * fri", "2026-03-01T00:00:00Z")).isEqualTo("2026-03-06T00:00:00Z");
        // only the day of the month restricted: the day of the week (*) matches every day
        assertThat(next("0 0 13 * *", "2026-03-01T00:00:00Z")).isEqualTo("2026-03-13T00:00:00Z");
    }

    @Test
    void leapDaysAndMonthEndsAreFound() {
        assertThat(next("0 12 29 2 *", "2026-03-01T00:00:00Z")).isEqualTo("2028-02-29T12:00:00Z");
        assertThat(next("0 0 31 * *", "2026-04-01T00:00:00Z")).isEqualTo("2026-05-31T00:00:00Z");
        assertThat(next("59 23 31 12 *", "2026-12-31T23:59:00Z")).isEqualTo("2027-12-31T23:59:00Z");
    }

    @Test
    void whitespaceIsNormalised() {
        CronSchedule schedule = CronSchedule.parse("  */5   *  * * *  ");
        assertThat(schedule.expression()).isEqualTo("*/5 * * * *");
        assertThat(schedule).isEqualTo(CronSchedule.parse("*/5 * * * *"));
    }

    @Test
    void badSchedulesAreRefusedSayingWhy() {
        assertThatThrownBy(() -> CronSchedule.parse("* * * *"))
                .hasMessageContaining("5 fields")
                .hasMessageContaining("has 4");
        assertThatThrownBy(() -> CronSchedule.parse("")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("60 * * * *"))
                .hasMessageContaining("minute field '60'")
                .hasMessageContaining("0-59");
        assertThatThrownBy(() -> CronSchedule.parse("* 24 * * *")).hasMessageContaining("hour field");
        assertThatThrownBy(() -> CronSchedule.parse("* * 0 * *")).hasMessageContaining("day-of-month field");
        assertThatThrownBy(() -> CronSchedule.parse("* * * 13 *")).hasMessageContaining("month field");
        assertThatThrownBy(() -> CronSchedule.parse("* * * * 8")).hasMessageContaining("day-of-week field");
        assertThatThrownBy(() -> CronSchedule.parse("*/0 * * * *")).hasMessageContaining("step 0");
        assertThatThrownBy(() -> CronSchedule.parse("10-5 * * * *")).hasMessageContaining("goes backwards");
        assertThatThrownBy(() -> CronSchedule.parse("1,,2 * * * *")).hasMessageContaining("empty list entry");
        assertThatThrownBy(() -> CronSchedule.parse("@hourly * * * *")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 30 2 *")).hasMessageContaining("never fires");
    }
}

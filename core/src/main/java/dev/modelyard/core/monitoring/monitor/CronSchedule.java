package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A five-field cron schedule, read in UTC: {@code minute hour day-of-month month day-of-week}.
 *
 * <p>Each field is {@code *}, a value, a range {@code a-b}, any of these with a step ({@code *}{@code
 * /15}, {@code 0-30/10}, {@code 5/20} = from 5 to the end every 20), or a comma-separated list of
 * them. Minutes are 0–59, hours 0–23, days of the month 1–31, months 1–12 or {@code jan}–{@code dec},
 * days of the week 0–7 or {@code sun}–{@code sat} (0 and 7 are Sunday). As in Vixie cron, when both
 * day fields are restricted (neither starts with {@code *}) a day matches when either does;
 * otherwise both must. A schedule that never fires ({@code 0 0 30 2 *}) is refused.
 */
public final class CronSchedule {
    private static final List<String> MONTH_NAMES =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAY_NAMES = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    /** Every schedule that fires at all fires within this span of any instant (leap days included). */
    private static final long SEARCH_YEARS = 9;

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronSchedule(String expression, String[] fields) {
        this.expression = expression;
        this.minutes = parseField("minute", fields[0], 0, 59, List.of());
        this.hours = parseField("hour", fields[1], 0, 23, List.of());
        this.daysOfMonth = parseField("day-of-month", fields[2], 1, 31, List.of());
        this.months = parseField("month", fields[3], 1, 12, MONTH_NAMES);
        BitSet weekdays = parseField("day-of-week", fields[4], 0, 7, DAY_NAMES);
        if (weekdays.get(7)) {
            weekdays.set(0);
            weekdays.clear(7);
        }
        this.daysOfWeek = weekdays;
        this.dayOfMonthRestricted = !fields[2].startsWith("*");
        this.dayOfWeekRestricted = !fields[4].startsWith("*");
    }

    /**
     * Parses a schedule.
     *
     * @throws IllegalArgumentException saying which field is wrong and why
     */
    public static CronSchedule parse(String expression) {
        requireNonNull(expression, "expression is null");
        String normalized = expression.strip().replaceAll("\\s+", " ");
        String[] fields = normalized.isEmpty() ? new String[0] : normalized.split(" ");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a schedule has 5 fields (minute hour day-of-month month day-of-week),"
                    + " '" + expression + "' has " + fields.length);
        }
        CronSchedule schedule = new CronSchedule(normalized, fields);
        LocalDateTime start = LocalDateTime.of(2000, 1, 1, 0, 0);
        if (schedule.next(start).isEmpty()) {
            throw new IllegalArgumentException("schedule '" + normalized + "' never fires (no such day)");
        }
        return schedule;
    }

    /** The expression, with runs of whitespace made single spaces. */
    public String expression() {
        return expression;
    }

    /** The first minute strictly after {@code instant} at which the schedule fires. */
    public Instant nextAfter(Instant instant) {
        LocalDateTime from = LocalDateTime.ofInstant(requireNonNull(instant, "instant is null"), ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        return next(from)
                .orElseThrow(() -> new IllegalStateException("schedule '" + expression + "' never fires"))
                .toInstant(ZoneOffset.UTC);
    }

    /** The first matching minute at or after {@code from}, if one comes within the search span. */
    private java.util.Optional<LocalDateTime> next(LocalDateTime from) {
        LocalDateTime time = from;
        LocalDateTime limit = from.plusYears(SEARCH_YEARS);
        while (time.isBefore(limit)) {
            if (!months.get(time.getMonthValue())) {
                time = time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).plusMonths(1);
            } else if (!dayMatches(time)) {
                time = time.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(time.getHour())) {
                time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(time.getMinute())) {
                time = time.plusMinutes(1);
            } else {
                return java.util.Optional.of(time);
            }
        }
        return java.util.Optional.empty();
    }

    private boolean dayMatches(LocalDateTime time) {
        boolean dayOfMonth = daysOfMonth.get(time.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.get(time.getDayOfWeek().getValue() % 7);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dayOfMonth || dayOfWeek;
        }
        return dayOfMonth && dayOfWeek;
    }

    private static BitSet parseField(String field, String text, int min, int max, List<String> names) {
        BitSet values = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            if (part.isEmpty()) {
                throw bad(field, text, "has an empty list entry");
            }
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(field, text, part.substring(slash + 1), List.of());
                if (step < 1) {
                    throw bad(field, text, "has step " + step + "; a step is at least 1");
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                if (dash >= 0) {
                    from = number(field, text, range.substring(0, dash), names);
                    to = number(field, text, range.substring(dash + 1), names);
                    if (from > to) {
                        throw bad(field, text, "has range " + range + ", which goes backwards");
                    }
                } else {
                    from = number(field, text, range, names);
                    to = slash >= 0 ? max : from;
                }
            }
            if (from < min || to > max) {
                throw bad(field, text, "has " + part + "; values are " + min + "-" + max);
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String field, String text, String value, List<String> names) {
        int named = names.indexOf(value.toLowerCase(Locale.ROOT));
        if (named >= 0) {
            // month names count from 1, day names from 0
            return names.size() == 12 ? named + 1 : named;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw bad(field, text, "has '" + value + "', which is not a number");
        }
    }

    private static IllegalArgumentException bad(String field, String text, String reason) {
        return new IllegalArgumentException("the " + field + " field '" + text + "' " + reason);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule schedule && schedule.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}

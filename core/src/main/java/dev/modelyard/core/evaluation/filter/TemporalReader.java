package dev.modelyard.core.evaluation.filter;

/**
 * Reads ISO-8601 dates and date-times as points on the UTC time line, without making objects, so
 * that a million column values cost no garbage.
 *
 * <p>Accepted: a date {@code YYYY-MM-DD} (four to nine year digits, optionally signed), read as
 * the start of its day; or a date, {@code T} or a space, {@code HH:MM}, optionally {@code :SS} and
 * a fraction of one to nine digits, and optionally an offset {@code Z}, {@code ±HH}, {@code ±HHMM}
 * or {@code ±HH:MM} (at most 18 hours). A date-time without an offset is read as UTC, which is how
 * datasets store timestamps. Fields are range-checked as {@link java.time.LocalDateTime} checks them
 * (no February 30, no hour 24, no leap second).
 *
 * <p>A reader keeps its last result in fields: it is not thread-safe.
 */
final class TemporalReader {
    private static final long SECONDS_PER_DAY = 86_400;
    private static final int MOST_YEAR_DIGITS = 9;
    private static final int MOST_OFFSET_MINUTES = 18 * 60;
    private static final long DAYS_FROM_YEAR_0_TO_1970 = 719_528;
    /** How the dataset engine (DuckDB) writes years before 1 AD: {@code 0045-03-15 (BC)}. */
    private static final String BEFORE_CHRIST = " (BC)";

    private long epochSecond;
    private int nano;
    private boolean hasTime;

    /** Reads a literal of a filter; false when it is not an ISO-8601 date or date-time. */
    boolean read(String text) {
        return read(text, text.length(), false);
    }

    /**
     * Reads a value of a {@code DATE} or {@code TIMESTAMP} column: what {@link #read} accepts, and
     * also {@code infinity} and {@code -infinity} (after and before every other value) and years
     * before 1 AD written with a {@code  (BC)} suffix, as the dataset engine writes them.
     */
    boolean readValue(String text) {
        if (text.equals("infinity") || text.equals("-infinity")) {
            epochSecond = text.charAt(0) == '-' ? Long.MIN_VALUE : Long.MAX_VALUE;
            nano = 0;
            hasTime = false;
            return true;
        }
        if (text.endsWith(BEFORE_CHRIST)) {
            return read(text, text.length() - BEFORE_CHRIST.length(), true);
        }
        return read(text, text.length(), false);
    }

    /** TemporalValue of the last successful read. */
    TemporalValue value() {
        return new TemporalValue(epochSecond, nano, hasTime);
    }

    long epochSecond() {
        return epochSecond;
    }

    int nano() {
        return nano;
    }

    private boolean read(String text, int end, boolean beforeChrist) {
        int index = 0;
        boolean negative = false;
        if (index < end && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
            if (beforeChrist) {
                return false;
            }
            negative = text.charAt(index) == '-';
            index++;
        }
        int yearStart = index;
        long year = 0;
        while (index < end && isDigit(text.charAt(index))) {
            if (index - yearStart == MOST_YEAR_DIGITS) {
                return false;
            }
            year = year * 10 + (text.charAt(index) - '0');
            index++;
        }
        if (index - yearStart < 4) {
            return false;
        }
        if (negative) {
            year = -year;
        }
        if (beforeChrist) {
            year = 1 - year;
        }
        int month = twoDigitsAfter('-', text, index, end);
        index += 3;
        int day = twoDigitsAfter('-', text, index, end);
        index += 3;
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return false;
        }
        long daysSinceEpoch = epochDay(year, month, day);
        if (index == end) {
            epochSecond = daysSinceEpoch * SECONDS_PER_DAY;
            nano = 0;
            hasTime = false;
            return true;
        }
        char separator = text.charAt(index);
        if (separator != 'T' && separator != ' ') {
            return false;
        }
        int hour = twoDigits(text, index + 1, end);
        index += 3;
        int minute = twoDigitsAfter(':', text, index, end);
        index += 3;
        int second = 0;
        int fraction = 0;
        if (index < end && text.charAt(index) == ':') {
            second = twoDigits(text, index + 1, end);
            index += 3;
            if (index < end && text.charAt(index) == '.') {
                index++;
                int digits = 0;
                while (index < end && isDigit(text.charAt(index))) {
                    if (digits == 9) {
                        return false;
                    }
                    fraction = fraction * 10 + (text.charAt(index) - '0');
                    digits++;
                    index++;
                }
                if (digits == 0) {
                    return false;
                }
                for (; digits < 9; digits++) {
                    fraction *= 10;
                }
            }
        }
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int offsetSeconds = 0;
        if (index < end) {
            char zone = text.charAt(index);
            if (zone == 'Z') {
                index++;
            } else if (zone == '+' || zone == '-') {
                int offsetHours = twoDigits(text, index + 1, end);
                index += 3;
                int offsetMinutes = 0;
                if (index < end) {
                    if (text.charAt(index) == ':') {
                        index++;
                    }
                    offsetMinutes = twoDigits(text, index, end);
                    index += 2;
                }
                if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) {
                    return false;
                }
                int minutes = offsetHours * 60 + offsetMinutes;
                if (minutes > MOST_OFFSET_MINUTES) {
                    return false;
                }
                offsetSeconds = (zone == '-' ? -minutes : minutes) * 60;
            } else {
                return false;
            }
            if (index != end) {
                return false;
            }
        }
        epochSecond = daysSinceEpoch * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
        nano = fraction;
        hasTime = true;
        return true;
    }

    /** The two-digit number after the separator at the index, or -1. */
    private static int twoDigitsAfter(char separator, String text, int index, int end) {
        if (index >= end || text.charAt(index) != separator) {
            return -1;
        }
        return twoDigits(text, index + 1, end);
    }

    /** The two-digit number at the index, or -1. */
    private static int twoDigits(String text, int index, int end) {
        if (index + 2 > end) {
            return -1;
        }
        char tens = text.charAt(index);
        char ones = text.charAt(index + 1);
        if (!isDigit(tens) || !isDigit(ones)) {
            return -1;
        }
        return (tens - '0') * 10 + (ones - '0');
    }

    private static boolean isDigit(char character) {
        return character >= '0' && character <= '9';
    }

    private static int lengthOfMonth(long year, int month) {
        return switch (month) {
            case 2 -> isLeapYear(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean isLeapYear(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar, as {@link java.time.LocalDate#toEpochDay}. */
    private static long epochDay(long year, int month, int day) {
        long total = 365 * year;
        if (year >= 0) {
            total += (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
        } else {
            total -= year / -4 - year / -100 + year / -400;
        }
        total += (367 * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!isLeapYear(year)) {
                total--;
            }
        }
        return total - DAYS_FROM_YEAR_0_TO_1970;
    }
}

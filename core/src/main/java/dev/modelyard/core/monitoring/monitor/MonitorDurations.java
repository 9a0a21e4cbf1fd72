package dev.modelyard.core.monitoring.monitor;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Windows, steps and buckets as people write them: a whole number and a unit, {@code 30s}, {@code
 * 15m}, {@code 1h}, {@code 7d}, or an ISO-8601 duration ({@code PT15M}). Shown in the largest unit
 * that divides them ({@code 90m} stays {@code 90m}, {@code 120m} is {@code 2h}).
 */
public final class MonitorDurations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

    private MonitorDurations() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming {@code field} when the text is not a positive whole
     *     number of seconds
     */
    public static Duration parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + " is missing; give a duration such as 15m, 1h or 1d");
        }
        String value = text.strip();
        Duration duration;
        Matcher matcher = SHORT.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(field + " '" + text
                        + "' is not a duration; give a whole number and a unit (s, m, h, d) such as 15m, or ISO-8601"
                        + " such as PT15M");
            }
        }
        if (duration.isNegative() || duration.isZero() || duration.getNano() != 0) {
            throw new IllegalArgumentException(field + " '" + text + "' must be a positive whole number of seconds");
        }
        return duration;
    }

    /** The shortest way to write a duration of whole seconds. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}

package dev.modelyard.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How values look in human output. */
final class Formats {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Formats() {}

    /** {@code 2025-01-02T03:04:05Z}: UTC, to the second. */
    static String instant(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 512 B}, {@code 2.3 KiB}, {@code 300.0 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** {@code [-1, 13]}. */
    static String shape(List<Long> shape) {
        if (shape == null) {
            return null;
        }
        return shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
}

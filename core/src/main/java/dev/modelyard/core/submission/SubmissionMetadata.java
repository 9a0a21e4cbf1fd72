package dev.modelyard.core.submission;

import java.math.BigDecimal;

/** How metadata values are compared in filters: one canonical text per value. */
public final class SubmissionMetadata {
    private SubmissionMetadata() {}

    /**
     * Strings as they are, booleans as {@code true}/{@code false}, numbers in plain decimal
     * without trailing zeros ({@code 3}, {@code 0.5}), so {@code 3}, {@code 3.0} and {@code "3"}
     * filter alike.
     */
    public static String canonical(Object value) {
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString()).stripTrailingZeros();
            return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
        }
        return String.valueOf(value);
    }
}

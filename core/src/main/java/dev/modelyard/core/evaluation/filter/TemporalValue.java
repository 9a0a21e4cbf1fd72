package dev.modelyard.core.evaluation.filter;

/**
 * A point on the UTC time line read from an ISO-8601 literal.
 *
 * @param epochSecond seconds since 1970-01-01T00:00:00Z
 * @param nano nanoseconds within the second, 0 to 999,999,999
 * @param hasTime false for a date, which stands for the start of its day
 */
record TemporalValue(long epochSecond, int nano, boolean hasTime) {
    /** Orders two points given as seconds and nanoseconds, like {@link Long#compare}. */
    static int compare(long leftSecond, int leftNano, long rightSecond, int rightNano) {
        return leftSecond != rightSecond ? Long.compare(leftSecond, rightSecond) : Integer.compare(leftNano, rightNano);
    }

    int compareTo(long otherSecond, int otherNano) {
        return compare(epochSecond, nano, otherSecond, otherNano);
    }
}

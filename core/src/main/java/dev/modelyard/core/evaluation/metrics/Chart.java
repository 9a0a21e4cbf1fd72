package dev.modelyard.core.evaluation.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Data for one chart: named series of numbers, to be drawn by a client. The series of one chart
 * may differ in length (a precision-recall curve has one threshold fewer than points, a histogram
 * one count fewer than bin edges).
 *
 * @param kind how to draw it: {@link #LINE}, {@link #HISTOGRAM} or {@link #SCATTER}
 * @param series the series, each name once
 */
public record Chart(String kind, List<Series> series) {
    /** Points joined in order; x and y are two of the series. */
    public static final String LINE = "line";
    /** Bars: a {@code bin_edges} series and, per group, one count per bin. */
    public static final String HISTOGRAM = "histogram";
    /** Unjoined points. */
    public static final String SCATTER = "scatter";

    public Chart {
        requireNonNull(kind, "kind is null");
        series = List.copyOf(requireNonNull(series, "series is null"));
        Set<String> names = new HashSet<>();
        for (Series one : series) {
            if (!names.add(one.name())) {
                throw new IllegalArgumentException("series '" + one.name() + "' appears twice");
            }
        }
    }

    /** A copy of the values of the series with this name. */
    public double[] values(String seriesName) {
        requireNonNull(seriesName, "seriesName is null");
        return series.stream()
                .filter(one -> one.name().equals(seriesName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no series '" + seriesName + "' in this chart"))
                .values();
    }

    /** One named series; the array is copied in and out, so a series never changes. */
    public record Series(String name, double[] values) {
        public Series {
            requireNonNull(name, "name is null");
            values = requireNonNull(values, "values is null").clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Series that && name.equals(that.name) && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Series[name=" + name + ", values=" + values.length + " values]";
        }
    }
}

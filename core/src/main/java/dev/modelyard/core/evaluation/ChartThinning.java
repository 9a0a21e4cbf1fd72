package dev.modelyard.core.evaluation;

import dev.modelyard.core.evaluation.metrics.Chart;
import dev.modelyard.core.evaluation.metrics.MetricSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps stored charts small: a curve over a million rows has up to a million points, which no
 * screen shows and no client wants to download. A chart whose longest series is longer than the
 * limit keeps that many evenly spaced points (the first and last among them) of every series, the
 * same positions in each, so x and y stay paired. Metric values are always computed on all points.
 */
public final class ChartThinning {
    /** Points kept per stored curve. */
    public static final int MAX_STORED_POINTS = 1000;

    private ChartThinning() {}

    public static MetricSet thin(MetricSet metrics, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("keep at least 2 points");
        }
        Map<String, Chart> charts = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, Chart> entry : metrics.charts().entrySet()) {
            Chart thinned = thin(entry.getValue(), maxPoints);
            changed |= thinned != entry.getValue();
            charts.put(entry.getKey(), thinned);
        }
        return changed
                ? new MetricSet(metrics.values(), metrics.undefined(), charts, metrics.confusionMatrix())
                : metrics;
    }

    private static Chart thin(Chart chart, int maxPoints) {
        if (chart.kind().equals(Chart.HISTOGRAM)) {
            return chart;
        }
        int longest = chart.series().stream()
                .mapToInt(series -> series.values().length)
                .max()
                .orElse(0);
        if (longest <= maxPoints) {
            return chart;
        }
        int[] positions = new int[maxPoints];
        for (int k = 0; k < maxPoints; k++) {
            positions[k] = (int) Math.round((double) k * (longest - 1) / (maxPoints - 1));
        }
        List<Chart.Series> series = new ArrayList<>();
        for (Chart.Series one : chart.series()) {
            double[] values = one.values();
            double[] kept = java.util.Arrays.stream(positions)
                    .filter(position -> position < values.length)
                    .mapToDouble(position -> values[position])
                    .toArray();
            series.add(new Chart.Series(one.name(), kept));
        }
        return new Chart(chart.kind(), series);
    }
}

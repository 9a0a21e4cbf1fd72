package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.evaluation.metrics.Chart;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A metric set computed outside Modelyard, as a client posts it for a submission and a dataset
 * version: numbers, chart series and PNG images.
 */
public record AdHocMetricSet(
        String dataset,
        int version,
        Optional<String> subset,
        Optional<Long> rowCount,
        Map<String, Double> values,
        Map<String, Chart> charts,
        List<List<Long>> confusionMatrix,
        Map<String, byte[]> images) {
    public AdHocMetricSet {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(subset, "subset is null");
        requireNonNull(rowCount, "rowCount is null");
        values = new LinkedHashMap<>(requireNonNull(values, "values is null"));
        charts = new LinkedHashMap<>(requireNonNull(charts, "charts is null"));
        confusionMatrix = List.copyOf(requireNonNull(confusionMatrix, "confusionMatrix is null"));
        images = new LinkedHashMap<>(requireNonNull(images, "images is null"));
    }
}

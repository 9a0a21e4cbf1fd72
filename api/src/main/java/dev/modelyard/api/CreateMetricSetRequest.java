package dev.modelyard.api;

import java.util.List;
import java.util.Map;

/**
 * A metric set computed elsewhere, for a submission on a dataset version (and optionally one of
 * the objective's subsets): values, chart series, a confusion matrix and PNG images (base64).
 */
public record CreateMetricSetRequest(
        String dataset,
        Integer version,
        String subset,
        Long rowCount,
        Map<String, Double> values,
        Map<String, ChartSpec> charts,
        List<List<Long>> confusionMatrix,
        Map<String, String> images) {}

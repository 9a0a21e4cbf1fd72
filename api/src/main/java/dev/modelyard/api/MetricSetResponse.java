package dev.modelyard.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one submission on one dataset version, for all rows ({@code subset} null) or a
 * subset; {@code source} is {@code evaluation} or {@code ad_hoc}. {@code undefined} names metrics
 * without a value and why.
 */
public record MetricSetResponse(
        String id,
        int submission,
        String dataset,
        int datasetVersion,
        String subset,
        String source,
        String jobId,
        long rowCount,
        Map<String, Double> values,
        Map<String, String> undefined,
        Map<String, ChartSpec> charts,
        long[][] confusionMatrix,
        List<MetricImageResponse> images,
        String createdBy,
        Instant createdAt) {}

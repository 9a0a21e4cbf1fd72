package dev.modelyard.api;

import java.util.List;

/** A submission's metric sets, newest first. */
public record ListMetricSetsResponse(List<MetricSetResponse> metricSets) {}

package dev.modelyard.api;

import java.util.List;
import java.util.Map;

/** Rows of named features for a tabular model. */
public record PredictRequest(List<Map<String, Object>> instances) {}

package dev.modelyard.api;

import java.util.List;

/** One prediction per instance, the release that answered, and the request uuid. */
public record PredictResponse(List<Object> predictions, String release, String requestUuid) {}

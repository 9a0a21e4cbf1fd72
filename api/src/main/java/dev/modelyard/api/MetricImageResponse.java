package dev.modelyard.api;

/** A PNG image of a metric set and where to fetch it. */
public record MetricImageResponse(String name, long sizeBytes, String sha256, String url) {}

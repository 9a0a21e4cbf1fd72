package dev.modelyard.api;

/** One named series of a chart. */
public record SeriesSpec(String name, double[] values) {}

package dev.modelyard.api;

/** A ranking metric: name, direction ({@code maximize}/{@code minimize}; defaults to the metric's own) and whether it is the primary one. */
public record MetricSpec(String name, String direction, Boolean primary) {}

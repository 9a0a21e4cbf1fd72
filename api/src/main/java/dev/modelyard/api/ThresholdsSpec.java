package dev.modelyard.api;

/**
 * When a monitor's value is a warning or an alert: with {@code direction} {@code above} (the
 * default) at or above the threshold, with {@code below} at or below it. Either may be left out.
 */
public record ThresholdsSpec(String direction, Double warning, Double alert) {}

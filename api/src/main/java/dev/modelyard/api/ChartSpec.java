package dev.modelyard.api;

import java.util.List;

/** Chart data: {@code line}, {@code histogram} or {@code scatter}, with named series of numbers. */
public record ChartSpec(String kind, List<SeriesSpec> series) {}

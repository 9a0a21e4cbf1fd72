package dev.modelyard.api;

import java.time.Instant;
import java.util.Map;

/**
 * One point of a monitor's time series: the value over calls answered from {@code window_start}
 * (inclusive) to {@code window_end}, its {@code status} ({@code ok}, {@code warning}, {@code
 * alert}, {@code no_data}, {@code error}), what it was computed from, and whether the schedule
 * ({@code scheduled}) or a person ({@code manual}) ran it.
 */
public record MonitorResultResponse(
        String id,
        Instant windowStart,
        Instant windowEnd,
        Double value,
        String status,
        String trigger,
        Map<String, Object> details,
        Instant computedAt) {}

package dev.modelyard.api;

import java.util.List;

/** A monitor's results, oldest first. */
public record ListMonitorResultsResponse(String monitor, List<MonitorResultResponse> results) {}

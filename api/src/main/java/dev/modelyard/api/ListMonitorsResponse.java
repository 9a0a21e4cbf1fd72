package dev.modelyard.api;

import java.util.List;

/** A deployment's monitors, by name. */
public record ListMonitorsResponse(List<MonitorResponse> monitors) {}

package dev.modelyard.api;

import java.util.List;

/** The history recording now (null when none) and the removed ones, newest first. */
public record HistoryStatusResponse(HistoryResponse current, List<HistoryResponse> removed) {}

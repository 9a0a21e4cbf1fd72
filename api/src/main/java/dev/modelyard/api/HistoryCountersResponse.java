package dev.modelyard.api;

/**
 * What this server did with the calls it saw while recording (since it started): {@code recorded
 * + dropped + failed + sampled_out + waiting = calls}.
 */
public record HistoryCountersResponse(
        long calls, long recorded, long dropped, long failed, long sampledOut, long waiting) {}

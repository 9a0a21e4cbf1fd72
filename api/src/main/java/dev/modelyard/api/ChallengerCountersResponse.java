package dev.modelyard.api;

/**
 * What this server did with a deployment's calls for its challenger since it started: sent to it
 * ({@code called}), left out by sampling, skipped because too many challenger calls were already
 * waiting or running ({@code skipped_busy}), skipped because the challenger was not loaded yet
 * ({@code skipped_not_ready}); and how many challenger calls wait or run now ({@code in_flight}).
 */
public record ChallengerCountersResponse(
        long called, long sampledOut, long skippedBusy, long skippedNotReady, int inFlight) {}

package dev.modelyard.api;

import java.time.Instant;
import java.util.List;

/**
 * Calls answered from {@code start} (inclusive) to {@code end}: counts, exact latency percentiles
 * of the answered ones (milliseconds in the model), and the callers, most calls first.
 */
public record UsageBucketResponse(
        Instant start,
        Instant end,
        long calls,
        long errors,
        Double latencyP50Ms,
        Double latencyP90Ms,
        Double latencyP99Ms,
        List<UsageCallerResponse> callers) {}

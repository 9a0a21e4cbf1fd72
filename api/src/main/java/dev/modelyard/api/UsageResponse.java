package dev.modelyard.api;

import java.time.Instant;
import java.util.List;

/** A deployment's usage from its inference history: the whole span, then bucket by bucket. */
public record UsageResponse(
        String deployment,
        Instant from,
        Instant to,
        String bucket,
        UsageBucketResponse total,
        List<UsageBucketResponse> buckets) {}

package dev.modelyard.api;

/** How a deployment runs; absent fields take the defaults. */
public record ResourcesSpec(
        Integer workers,
        Integer queueCapacity,
        Long timeoutMs,
        Integer intraOpThreads,
        Integer maxBatchSize,
        Long maxBatchDelayUs) {}

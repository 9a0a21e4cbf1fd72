package dev.modelyard.engine;

/**
 * Where a deployment's predictions run. See {@link InferenceEngine} for why {@link #ADAPTIVE} is the
 * default.
 */
public enum ExecutionMode {
    /**
     * On the caller's thread while the measured compute time stays below the deployment's inline
     * threshold, otherwise on the deployment's worker pool.
     */
    ADAPTIVE,
    /** Always on the caller's thread: no hop, no queue, no timeout; only for models known to be tiny. */
    INLINE,
    /** Always on the deployment's worker pool. */
    POOLED
}

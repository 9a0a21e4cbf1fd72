package dev.modelyard.engine;

/** Where a deployment stands. Whether it answers requests is {@link DeploymentState#currentRelease()}. */
public enum DeploymentStatus {
    /** A swap is loading; the current release, if any, keeps serving meanwhile. */
    DEPLOYING,
    /** The latest swap succeeded; the current release serves. */
    READY,
    /**
     * The latest swap failed ({@link DeploymentState#failureReason()} says why); the previous
     * release, if there was one, keeps serving.
     */
    FAILED,
    /** {@link InferenceEngine#stop} was called: nothing is routed, requests get a not-found error. */
    STOPPED
}

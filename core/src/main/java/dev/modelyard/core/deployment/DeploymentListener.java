package dev.modelyard.core.deployment;

/**
 * Told, after the transaction committed, that what some deployments should serve may have
 * changed: a deployment was created or changed, or a tag of an objective moved. The serving loop
 * re-resolves at once instead of waiting for its next poll.
 */
public interface DeploymentListener {
    DeploymentListener NONE = new DeploymentListener() {
        @Override
        public void servingMayHaveChanged(String objectiveId) {}

        @Override
        public void keysChanged(String deploymentId) {}
    };

    /** {@code objectiveId}: the objective whose deployments to re-resolve. */
    void servingMayHaveChanged(String objectiveId);

    /** A key of the deployment was created or revoked. */
    void keysChanged(String deploymentId);
}

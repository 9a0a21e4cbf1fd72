package dev.modelyard.core.deployment;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.release.ReleaseView;
import java.util.Optional;

/**
 * A deployment with its objective, the release its target resolves to now (if any), and the
 * release its challenger resolves to now (if it has one that resolves).
 */
public record DeploymentView(
        Deployment deployment, Objective objective, Optional<ReleaseView> release, Optional<ReleaseView> challenger) {
    public DeploymentView {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(objective, "objective is null");
        requireNonNull(release, "release is null");
        requireNonNull(challenger, "challenger is null");
    }
}

package dev.modelyard.core.deployment;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.release.ReleaseView;
import java.util.Optional;

/** A deployment with its objective and the release its target resolves to now (if any). */
public record DeploymentView(Deployment deployment, Objective objective, Optional<ReleaseView> release) {
    public DeploymentView {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(objective, "objective is null");
        requireNonNull(release, "release is null");
    }
}

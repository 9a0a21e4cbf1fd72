package dev.modelyard.server.serving;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.release.ReleaseView;
import java.util.Optional;

/**
 * What the inference path knows of a deployment without asking the database: its configuration
 * and the release its target resolves to.
 */
public record ServedDeployment(Deployment deployment, Optional<ReleaseView> target) {
    public ServedDeployment {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(target, "target is null");
    }
}

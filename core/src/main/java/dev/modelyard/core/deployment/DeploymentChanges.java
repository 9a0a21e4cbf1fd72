package dev.modelyard.core.deployment;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A change to a deployment; absent parts stay as they are. */
public record DeploymentChanges(
        Optional<DeploymentTarget> target,
        Optional<AccessLevel> access,
        Optional<DeploymentResources> resources,
        Optional<Boolean> stopped) {
    public DeploymentChanges {
        requireNonNull(target, "target is null");
        requireNonNull(access, "access is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(stopped, "stopped is null");
    }
}

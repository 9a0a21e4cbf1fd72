package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A deployment as the engine sees it.
 *
 * @param deployment the deployment's name
 * @param status deploying, ready, failed or stopped
 * @param currentRelease the release requests without a release go to; empty when none is loaded
 *     (requests get {@link DeploymentNotReadyException})
 * @param failureReason why the latest swap failed (the runtime's message), when it did
 * @param releases the current release first, then retained previous ones, then one loading or failed
 * @param settings the settings in force
 * @param updatedAt when the status last changed
 */
public record DeploymentState(
        String deployment,
        DeploymentStatus status,
        Optional<String> currentRelease,
        Optional<String> failureReason,
        List<ReleaseState> releases,
        DeploymentSettings settings,
        Instant updatedAt) {
    public DeploymentState {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(status, "status is null");
        requireNonNull(currentRelease, "currentRelease is null");
        requireNonNull(failureReason, "failureReason is null");
        releases = List.copyOf(requireNonNull(releases, "releases is null"));
        requireNonNull(settings, "settings is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}

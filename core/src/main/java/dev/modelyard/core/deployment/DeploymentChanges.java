package dev.modelyard.core.deployment;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Map;
import java.util.Optional;

/**
 * A change to a deployment; absent parts stay as they are. {@code challenger} sets a challenger
 * (replacing any), {@code removeChallenger} removes it; not both.
 */
public record DeploymentChanges(
        Optional<DeploymentTarget> target,
        Optional<AccessLevel> access,
        Optional<DeploymentResources> resources,
        Optional<Boolean> stopped,
        Optional<Challenger> challenger,
        boolean removeChallenger) {
    public DeploymentChanges {
        requireNonNull(target, "target is null");
        requireNonNull(access, "access is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(stopped, "stopped is null");
        requireNonNull(challenger, "challenger is null");
        if (challenger.isPresent() && removeChallenger) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "a change either sets the challenger or removes it, not both",
                    Map.of("field", "challenger"));
        }
    }

    /** A change that leaves the challenger as it is. */
    public DeploymentChanges(
            Optional<DeploymentTarget> target,
            Optional<AccessLevel> access,
            Optional<DeploymentResources> resources,
            Optional<Boolean> stopped) {
        this(target, access, resources, stopped, Optional.empty(), false);
    }

    /** Only removes the challenger. */
    public static DeploymentChanges removingChallenger() {
        return new DeploymentChanges(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true);
    }
}

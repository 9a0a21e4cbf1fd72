package dev.modelyard.core.deployment;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployment serves: the newest release carrying a tag ({@code track}), or one release
 * ({@code pin}) — exactly one of the two.
 */
public record DeploymentTarget(Optional<String> trackTag, Optional<String> pinnedRelease) {
    public DeploymentTarget {
        requireNonNull(trackTag, "trackTag is null");
        requireNonNull(pinnedRelease, "pinnedRelease is null");
        if (trackTag.isPresent() == pinnedRelease.isPresent()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "a deployment either tracks a tag ({\"track\": {\"tag\": \"Production\"}}) or pins a release"
                            + " ({\"pin\": {\"release\": \"1.4.0\"}}), not both or neither",
                    Map.of("field", "track"));
        }
    }

    public static DeploymentTarget track(String tag) {
        return new DeploymentTarget(Optional.of(tag), Optional.empty());
    }

    public static DeploymentTarget pin(String release) {
        return new DeploymentTarget(Optional.empty(), Optional.of(release));
    }

    public String describe() {
        return trackTag.map(tag -> "track " + tag).orElseGet(() -> "pin " + pinnedRelease.orElseThrow());
    }
}

package dev.modelyard.core.deployment;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.Optional;

/**
 * One change of a deployment, numbered 1, 2, 3…: the configuration it set (its challenger
 * included), what changed in words, the release that was serving when it was made (empty when
 * none could be resolved), who and when.
 */
public record DeploymentRevision(
        String id,
        String deploymentId,
        int number,
        String change,
        DeploymentTarget target,
        AccessLevel access,
        DeploymentResources resources,
        boolean stopped,
        Optional<String> release,
        UserRef actor,
        Instant at,
        Optional<Challenger> challenger) {
    public DeploymentRevision {
        requireNonNull(id, "id is null");
        requireNonNull(deploymentId, "deploymentId is null");
        requireNonNull(change, "change is null");
        requireNonNull(target, "target is null");
        requireNonNull(access, "access is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(release, "release is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(at, "at is null");
        requireNonNull(challenger, "challenger is null");
    }

    /** A revision of a deployment without a challenger. */
    public DeploymentRevision(
            String id,
            String deploymentId,
            int number,
            String change,
            DeploymentTarget target,
            AccessLevel access,
            DeploymentResources resources,
            boolean stopped,
            Optional<String> release,
            UserRef actor,
            Instant at) {
        this(
                id,
                deploymentId,
                number,
                change,
                target,
                access,
                resources,
                stopped,
                release,
                actor,
                at,
                Optional.empty());
    }
}

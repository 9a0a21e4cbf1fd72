package dev.modelyard.core.deployment;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.Names;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A stable, named endpoint (its name is unique in the instance: it is the URL) serving an
 * objective's release. {@code revision} is the number of its latest revision; {@code stopped} is
 * the desired state; {@code challenger}, when present, is a second release called beside it.
 */
public record Deployment(
        String id,
        String projectId,
        String name,
        String objectiveId,
        DeploymentTarget target,
        AccessLevel access,
        DeploymentResources resources,
        boolean stopped,
        int revision,
        UserRef createdBy,
        Instant createdAt,
        Instant updatedAt,
        Optional<Challenger> challenger) {
    public Deployment {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        Names.requireValid("deployment", name);
        requireNonNull(objectiveId, "objectiveId is null");
        requireNonNull(target, "target is null");
        requireNonNull(access, "access is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        requireNonNull(challenger, "challenger is null");
    }

    /** A deployment without a challenger. */
    public Deployment(
            String id,
            String projectId,
            String name,
            String objectiveId,
            DeploymentTarget target,
            AccessLevel access,
            DeploymentResources resources,
            boolean stopped,
            int revision,
            UserRef createdBy,
            Instant createdAt,
            Instant updatedAt) {
        this(
                id,
                projectId,
                name,
                objectiveId,
                target,
                access,
                resources,
                stopped,
                revision,
                createdBy,
                createdAt,
                updatedAt,
                Optional.empty());
    }

    /** The deployment with a new configuration; its challenger stays. */
    public Deployment with(
            DeploymentTarget newTarget,
            AccessLevel newAccess,
            DeploymentResources newResources,
            boolean newStopped,
            int newRevision,
            Instant at) {
        return with(newTarget, newAccess, newResources, newStopped, challenger, newRevision, at);
    }

    public Deployment with(
            DeploymentTarget newTarget,
            AccessLevel newAccess,
            DeploymentResources newResources,
            boolean newStopped,
            Optional<Challenger> newChallenger,
            int newRevision,
            Instant at) {
        return new Deployment(
                id,
                projectId,
                name,
                objectiveId,
                newTarget,
                newAccess,
                newResources,
                newStopped,
                newRevision,
                createdBy,
                createdAt,
                at,
                newChallenger);
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("target", target.describe());
        state.put("access", access.id());
        state.put("workers", resources.workers());
        state.put("queue_capacity", resources.queueCapacity());
        state.put("timeout_ms", resources.timeoutMillis());
        state.put("intra_op_threads", resources.intraOpThreads());
        state.put("max_batch_size", resources.maxBatchSize());
        state.put("stopped", stopped);
        state.put("challenger", challenger.map(Challenger::auditState).orElse(null));
        state.put("revision", revision);
        return state;
    }
}

package dev.modelyard.core.deployment;

import dev.modelyard.core.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Deployments, their revisions and API keys. Implementations run inside the caller's transaction. */
public interface DeploymentStore {
    /** Inserts; throws {@link dev.modelyard.core.ErrorCode#ALREADY_EXISTS} when the name is taken in the instance. */
    void insertDeployment(Deployment deployment);

    /** Replaces target, access, resources, stopped, revision and updated time. */
    void updateDeployment(Deployment deployment);

    Optional<Deployment> findDeployment(String name);

    Optional<Deployment> findDeploymentById(String id);

    /** Deployments of a project by name after {@code page.after()}, at most maxResults + 1. */
    List<Deployment> listDeployments(String projectId, PageRequest page);

    /** Every deployment of the instance (for the serving loop). */
    List<Deployment> listAllDeployments();

    /** Deployments of an objective (to react to tag moves). */
    List<Deployment> listDeploymentsOfObjective(String objectiveId);

    void insertRevision(DeploymentRevision revision);

    /** Revisions newest first. */
    List<DeploymentRevision> listRevisions(String deploymentId);

    Optional<DeploymentRevision> findRevision(String deploymentId, int number);

    void insertApiKey(ApiKey key, String secretHash);

    /** Keys of a deployment, newest first. */
    List<ApiKey> listApiKeys(String deploymentId);

    /** The key with this secret hash (of any deployment, active or not). */
    Optional<ApiKey> findApiKeyBySecretHash(String secretHash);

    Optional<ApiKey> findApiKey(String deploymentId, String keyId);

    void revokeApiKey(String keyId, Instant at);
}

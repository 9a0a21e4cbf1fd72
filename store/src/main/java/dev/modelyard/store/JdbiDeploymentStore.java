package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.deployment.AccessLevel;
import dev.modelyard.core.deployment.ApiKey;
import dev.modelyard.core.deployment.Challenger;
import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.deployment.DeploymentResources;
import dev.modelyard.core.deployment.DeploymentRevision;
import dev.modelyard.core.deployment.DeploymentStore;
import dev.modelyard.core.deployment.DeploymentTarget;
import dev.modelyard.core.user.UserRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.Update;

/**
 * Deployments, their numbered revisions and their API keys in the {@code deployments}, {@code
 * deployment_revisions} and {@code api_keys} tables, on one handle. A target is kept as {@code
 * track_tag} or {@code pinned_release} (the other NULL), access by its lowercase id, resources one
 * column each; a challenger in the four {@code challenger_*} columns, all NULL without one.
 */
public final class JdbiDeploymentStore implements DeploymentStore {
    private static final String CONFIG_COLUMNS = "track_tag, pinned_release, access, workers, queue_capacity,"
            + " timeout_ms, intra_op_threads, max_batch_size, max_batch_delay_us, stopped, challenger_track_tag,"
            + " challenger_pinned_release, challenger_sampling_rate, challenger_timeout_ms";
    private static final String CONFIG_PARAMETERS = ":trackTag, :pinnedRelease, :access, :workers,"
            + " :queueCapacity, :timeoutMs, :intraOpThreads, :maxBatchSize, :maxBatchDelayUs, :stopped,"
            + " :challengerTrackTag, :challengerPinnedRelease, :challengerSamplingRate, :challengerTimeoutMs";
    private static final String DEPLOYMENT_COLUMNS = "d.id, d.project_id, d.name, d.objective_id, d.track_tag,"
            + " d.pinned_release, d.access, d.workers, d.queue_capacity, d.timeout_ms, d.intra_op_threads,"
            + " d.max_batch_size, d.max_batch_delay_us, d.stopped, d.revision, d.created_by,"
            + " cu.name AS created_by_name, d.created_at, d.updated_at, d.challenger_track_tag,"
            + " d.challenger_pinned_release, d.challenger_sampling_rate, d.challenger_timeout_ms";
    private static final String DEPLOYMENT_FROM = " FROM deployments d JOIN users cu ON cu.id = d.created_by";
    private static final String REVISION_COLUMNS = "r.id, r.deployment_id, r.number, r.change, r.track_tag,"
            + " r.pinned_release, r.access, r.workers, r.queue_capacity, r.timeout_ms, r.intra_op_threads,"
            + " r.max_batch_size, r.max_batch_delay_us, r.stopped, r.release_version, r.actor_id,"
            + " au.name AS actor_name, r.at, r.challenger_track_tag, r.challenger_pinned_release,"
            + " r.challenger_sampling_rate, r.challenger_timeout_ms";
    private static final String REVISION_FROM = " FROM deployment_revisions r JOIN users au ON au.id = r.actor_id";
    private static final String KEY_COLUMNS = "k.id, k.deployment_id, k.name, k.prefix, k.created_by,"
            + " cu.name AS created_by_name, k.created_at, k.expires_at, k.revoked_at";
    private static final String KEY_FROM = " FROM api_keys k JOIN users cu ON cu.id = k.created_by";

    private static final RowMapper<Deployment> DEPLOYMENT = (row, context) -> new Deployment(
            row.getString("id"),
            row.getString("project_id"),
            row.getString("name"),
            row.getString("objective_id"),
            target(row),
            AccessLevel.fromId(row.getString("access")),
            resources(row),
            row.getBoolean("stopped"),
            row.getInt("revision"),
            new UserRef(row.getString("created_by"), row.getString("created_by_name")),
            EpochMicros.column(row, "created_at"),
            EpochMicros.column(row, "updated_at"),
            challenger(row));

    private static final RowMapper<DeploymentRevision> REVISION = (row, context) -> new DeploymentRevision(
            row.getString("id"),
            row.getString("deployment_id"),
            row.getInt("number"),
            row.getString("change"),
            target(row),
            AccessLevel.fromId(row.getString("access")),
            resources(row),
            row.getBoolean("stopped"),
            Optional.ofNullable(row.getString("release_version")),
            new UserRef(row.getString("actor_id"), row.getString("actor_name")),
            EpochMicros.column(row, "at"),
            challenger(row));

    private static final RowMapper<ApiKey> KEY = (row, context) -> new ApiKey(
            row.getString("id"),
            row.getString("deployment_id"),
            row.getString("name"),
            row.getString("prefix"),
            new UserRef(row.getString("created_by"), row.getString("created_by_name")),
            EpochMicros.column(row, "created_at"),
            EpochMicros.optionalColumn(row, "expires_at"),
            EpochMicros.optionalColumn(row, "revoked_at"));

    private final Handle handle;

    public JdbiDeploymentStore(Handle handle) {
        this.handle = requireNonNull(handle, "handle is null");
    }

    // ---------------------------------------------------------------- deployments

    /**
     * Throws {@link ErrorCode#ALREADY_EXISTS} when the name is taken anywhere in the instance (or,
     * improbably, the id).
     */
    @Override
    public void insertDeployment(Deployment deployment) {
        try {
            Update update = handle.createUpdate("INSERT INTO deployments (id, project_id, name, objective_id, "
                            + CONFIG_COLUMNS + ", revision, created_by, created_at, updated_at)"
                            + " VALUES (:id, :projectId, :name, :objectiveId, " + CONFIG_PARAMETERS
                            + ", :revision, :createdBy, :createdAt, :updatedAt)")
                    .bind("id", deployment.id())
                    .bind("projectId", deployment.projectId())
                    .bind("name", deployment.name())
                    .bind("objectiveId", deployment.objectiveId())
                    .bind("revision", deployment.revision())
                    .bind("createdBy", deployment.createdBy().id())
                    .bind("createdAt", deployment.createdAt())
                    .bind("updatedAt", deployment.updatedAt());
            bindConfig(
                            update,
                            deployment.target(),
                            deployment.access(),
                            deployment.resources(),
                            deployment.stopped(),
                            deployment.challenger())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolationOf(e, "deployments_name_unique", "deployments.name")) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "deployment '" + deployment.name()
                                + "' already exists (deployment names are unique in the instance)",
                        Map.of("kind", "deployment", "name", deployment.name()),
                        e);
            }
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "deployment id '" + deployment.id() + "' already exists",
                        Map.of("kind", "deployment", "id", deployment.id()),
                        e);
            }
            throw e;
        }
    }

    /** Throws {@link ErrorCode#DEPLOYMENT_NOT_FOUND} when the deployment is gone. */
    @Override
    public void updateDeployment(Deployment deployment) {
        Update update = handle.createUpdate(
                        """
                        UPDATE deployments SET track_tag = :trackTag, pinned_release = :pinnedRelease,
                            access = :access, workers = :workers, queue_capacity = :queueCapacity,
                            timeout_ms = :timeoutMs, intra_op_threads = :intraOpThreads,
                            max_batch_size = :maxBatchSize, max_batch_delay_us = :maxBatchDelayUs,
                            stopped = :stopped, challenger_track_tag = :challengerTrackTag,
                            challenger_pinned_release = :challengerPinnedRelease,
                            challenger_sampling_rate = :challengerSamplingRate,
                            challenger_timeout_ms = :challengerTimeoutMs, revision = :revision,
                            updated_at = :updatedAt
                        WHERE id = :id
                        """)
                .bind("revision", deployment.revision())
                .bind("updatedAt", deployment.updatedAt())
                .bind("id", deployment.id());
        int updated = bindConfig(
                        update,
                        deployment.target(),
                        deployment.access(),
                        deployment.resources(),
                        deployment.stopped(),
                        deployment.challenger())
                .execute();
        if (updated == 0) {
            throw new ModelyardException(
                    ErrorCode.DEPLOYMENT_NOT_FOUND,
                    "deployment '" + deployment.name() + "' does not exist",
                    Map.of("deployment", deployment.name()));
        }
    }

    @Override
    public Optional<Deployment> findDeployment(String name) {
        return handle.createQuery("SELECT " + DEPLOYMENT_COLUMNS + DEPLOYMENT_FROM + " WHERE d.name = :name")
                .bind("name", name)
                .map(DEPLOYMENT)
                .findOne();
    }

    @Override
    public Optional<Deployment> findDeploymentById(String id) {
        return handle.createQuery("SELECT " + DEPLOYMENT_COLUMNS + DEPLOYMENT_FROM + " WHERE d.id = :id")
                .bind("id", id)
                .map(DEPLOYMENT)
                .findOne();
    }

    @Override
    public List<Deployment> listDeployments(String projectId, PageRequest page) {
        String sql = "SELECT " + DEPLOYMENT_COLUMNS + DEPLOYMENT_FROM + " WHERE d.project_id = :projectId"
                + NamePaging.conditions("d.name", page)
                + NamePaging.orderAndLimit("d.name");
        Query query = handle.createQuery(sql).bind("projectId", projectId);
        return NamePaging.bind(query, page).map(DEPLOYMENT).list();
    }

    /** Every deployment, by name. */
    @Override
    public List<Deployment> listAllDeployments() {
        return handle.createQuery("SELECT " + DEPLOYMENT_COLUMNS + DEPLOYMENT_FROM + " ORDER BY d.name")
                .map(DEPLOYMENT)
                .list();
    }

    /** The objective's deployments, by name. */
    @Override
    public List<Deployment> listDeploymentsOfObjective(String objectiveId) {
        return handle.createQuery("SELECT " + DEPLOYMENT_COLUMNS + DEPLOYMENT_FROM
                        + " WHERE d.objective_id = :objectiveId ORDER BY d.name")
                .bind("objectiveId", objectiveId)
                .map(DEPLOYMENT)
                .list();
    }

    // ---------------------------------------------------------------- revisions

    /** Throws {@link ErrorCode#ALREADY_EXISTS} when the deployment already has a revision of this number. */
    @Override
    public void insertRevision(DeploymentRevision revision) {
        try {
            Update update = handle.createUpdate("INSERT INTO deployment_revisions (id, deployment_id, number, change, "
                            + CONFIG_COLUMNS + ", release_version, actor_id, at)"
                            + " VALUES (:id, :deploymentId, :number, :change, " + CONFIG_PARAMETERS
                            + ", :releaseVersion, :actorId, :at)")
                    .bind("id", revision.id())
                    .bind("deploymentId", revision.deploymentId())
                    .bind("number", revision.number())
                    .bind("change", revision.change())
                    .bindByType("releaseVersion", revision.release().orElse(null), String.class)
                    .bind("actorId", revision.actor().id())
                    .bind("at", revision.at());
            bindConfig(
                            update,
                            revision.target(),
                            revision.access(),
                            revision.resources(),
                            revision.stopped(),
                            revision.challenger())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "revision " + revision.number() + " of the deployment already exists",
                        Map.of(
                                "kind",
                                "deployment_revision",
                                "deployment_id",
                                revision.deploymentId(),
                                "number",
                                revision.number()),
                        e);
            }
            throw e;
        }
    }

    /** Revisions newest (highest number) first. */
    @Override
    public List<DeploymentRevision> listRevisions(String deploymentId) {
        return handle.createQuery("SELECT " + REVISION_COLUMNS + REVISION_FROM
                        + " WHERE r.deployment_id = :deploymentId ORDER BY r.number DESC")
                .bind("deploymentId", deploymentId)
                .map(REVISION)
                .list();
    }

    @Override
    public Optional<DeploymentRevision> findRevision(String deploymentId, int number) {
        return handle.createQuery("SELECT " + REVISION_COLUMNS + REVISION_FROM
                        + " WHERE r.deployment_id = :deploymentId AND r.number = :number")
                .bind("deploymentId", deploymentId)
                .bind("number", number)
                .map(REVISION)
                .findOne();
    }

    // ---------------------------------------------------------------- API keys

    @Override
    public void insertApiKey(ApiKey key, String secretHash) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO api_keys (id, deployment_id, name, prefix, secret_hash, created_by, created_at,
                                expires_at, revoked_at)
                            VALUES (:id, :deploymentId, :name, :prefix, :secretHash, :createdBy, :createdAt,
                                :expiresAt, :revokedAt)
                            """)
                    .bind("id", key.id())
                    .bind("deploymentId", key.deploymentId())
                    .bind("name", key.name())
                    .bind("prefix", key.prefix())
                    .bind("secretHash", requireNonNull(secretHash, "secretHash is null"))
                    .bind("createdBy", key.createdBy().id())
                    .bind("createdAt", key.createdAt())
                    .bindByType("expiresAt", key.expiresAt().orElse(null), Instant.class)
                    .bindByType("revokedAt", key.revokedAt().orElse(null), Instant.class)
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "API key '" + key.name() + "' already exists",
                        Map.of("kind", "api_key", "name", key.name()),
                        e);
            }
            throw e;
        }
    }

    /** Keys newest first. */
    @Override
    public List<ApiKey> listApiKeys(String deploymentId) {
        return handle.createQuery("SELECT " + KEY_COLUMNS + KEY_FROM
                        + " WHERE k.deployment_id = :deploymentId ORDER BY k.created_at DESC, k.id DESC")
                .bind("deploymentId", deploymentId)
                .map(KEY)
                .list();
    }

    @Override
    public Optional<ApiKey> findApiKeyBySecretHash(String secretHash) {
        return handle.createQuery("SELECT " + KEY_COLUMNS + KEY_FROM + " WHERE k.secret_hash = :secretHash")
                .bind("secretHash", secretHash)
                .map(KEY)
                .findOne();
    }

    @Override
    public Optional<ApiKey> findApiKey(String deploymentId, String keyId) {
        return handle.createQuery(
                        "SELECT " + KEY_COLUMNS + KEY_FROM + " WHERE k.deployment_id = :deploymentId AND k.id = :id")
                .bind("deploymentId", deploymentId)
                .bind("id", keyId)
                .map(KEY)
                .findOne();
    }

    /**
     * Revokes the key; a key revoked before keeps its first revocation time. Throws {@link
     * ErrorCode#API_KEY_NOT_FOUND} when there is no such key.
     */
    @Override
    public void revokeApiKey(String keyId, Instant at) {
        int updated = handle.createUpdate("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, :at) WHERE id = :id")
                .bind("at", at)
                .bind("id", keyId)
                .execute();
        if (updated == 0) {
            throw new ModelyardException(
                    ErrorCode.API_KEY_NOT_FOUND, "API key '" + keyId + "' does not exist", Map.of("key_id", keyId));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Binds the parameters of {@link #CONFIG_PARAMETERS}. */
    private static Update bindConfig(
            Update update,
            DeploymentTarget target,
            AccessLevel access,
            DeploymentResources resources,
            boolean stopped,
            Optional<Challenger> challenger) {
        Optional<DeploymentTarget> challengerTarget = challenger.map(Challenger::target);
        return update.bindByType("trackTag", target.trackTag().orElse(null), String.class)
                .bindByType("pinnedRelease", target.pinnedRelease().orElse(null), String.class)
                .bind("access", access.id())
                .bind("workers", resources.workers())
                .bind("queueCapacity", resources.queueCapacity())
                .bind("timeoutMs", resources.timeoutMillis())
                .bind("intraOpThreads", resources.intraOpThreads())
                .bind("maxBatchSize", resources.maxBatchSize())
                .bind("maxBatchDelayUs", resources.maxBatchDelayMicros())
                .bind("stopped", stopped)
                .bindByType(
                        "challengerTrackTag",
                        challengerTarget.flatMap(DeploymentTarget::trackTag).orElse(null),
                        String.class)
                .bindByType(
                        "challengerPinnedRelease",
                        challengerTarget
                                .flatMap(DeploymentTarget::pinnedRelease)
                                .orElse(null),
                        String.class)
                .bindByType(
                        "challengerSamplingRate",
                        challenger.map(Challenger::samplingRate).orElse(null),
                        Double.class)
                .bindByType(
                        "challengerTimeoutMs",
                        challenger.map(Challenger::timeoutMillis).orElse(null),
                        Long.class);
    }

    /** The challenger of a deployment or revision row; none when its columns are NULL. */
    private static Optional<Challenger> challenger(ResultSet row) throws SQLException {
        double samplingRate = row.getDouble("challenger_sampling_rate");
        if (row.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(new Challenger(
                new DeploymentTarget(
                        Optional.ofNullable(row.getString("challenger_track_tag")),
                        Optional.ofNullable(row.getString("challenger_pinned_release"))),
                samplingRate,
                row.getLong("challenger_timeout_ms")));
    }

    private static DeploymentTarget target(ResultSet row) throws SQLException {
        return new DeploymentTarget(
                Optional.ofNullable(row.getString("track_tag")), Optional.ofNullable(row.getString("pinned_release")));
    }

    private static DeploymentResources resources(ResultSet row) throws SQLException {
        return new DeploymentResources(
                row.getInt("workers"),
                row.getInt("queue_capacity"),
                row.getLong("timeout_ms"),
                row.getInt("intra_op_threads"),
                row.getInt("max_batch_size"),
                row.getLong("max_batch_delay_us"));
    }
}

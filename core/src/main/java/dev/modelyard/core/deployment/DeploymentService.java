package dev.modelyard.core.deployment;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Names;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ObjectiveService;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.release.Release;
import dev.modelyard.core.release.ReleaseService;
import dev.modelyard.core.release.ReleaseView;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.TokenSecrets;
import dev.modelyard.core.user.UserRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Live deployments: creation and change by editors, each change a numbered revision (with the
 * release serving then) that can be rolled back to; per-deployment API keys; challengers and
 * their promotion (a normal tag move through {@link ReleaseService}).
 */
public final class DeploymentService {
    /** Deployment keys start with this (personal tokens start with {@link TokenSecrets#PREFIX}). */
    public static final String KEY_PREFIX = "mydk_";

    private static final int MAX_KEY_NAME_LENGTH = 100;

    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final TokenSecrets secrets;
    private final DeploymentListener listener;
    private final ReleaseService releases;
    private final Clock clock;

    /** {@code releases} moves tags when a challenger is promoted. */
    public DeploymentService(
            Transactions transactions,
            ProjectAccess access,
            AuditRecorder audit,
            TokenSecrets secrets,
            DeploymentListener listener,
            ReleaseService releases,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A key just created, with its secret (shown this once). */
    public record CreatedKey(ApiKey key, String secret) {}

    public DeploymentView create(
            Principal principal,
            String projectName,
            String name,
            String objectiveName,
            DeploymentTarget target,
            AccessLevel accessLevel,
            DeploymentResources resources,
            Optional<Challenger> challenger) {
        Names.requireValid("deployment", name);
        DeploymentView created = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            requireValidTarget(stores, objective, target);
            challenger.ifPresent(wanted -> requireValidChallenger(stores, objective, wanted));
            Instant now = clock.instant();
            Deployment deployment = new Deployment(
                    UUID.randomUUID().toString(),
                    project.id(),
                    name,
                    objective.id(),
                    target,
                    accessLevel,
                    resources,
                    false,
                    1,
                    UserRef.of(principal),
                    now,
                    now,
                    challenger);
            stores.deployments().insertDeployment(deployment);
            Optional<ReleaseView> release = resolve(stores, deployment);
            String change = "created: " + target.describe()
                    + challenger
                            .map(wanted -> "; challenger " + wanted.describe())
                            .orElse("");
            recordRevision(stores, principal, project, deployment, change, release, null);
            return view(stores, deployment, objective, release);
        });
        listener.servingMayHaveChanged(created.objective().id());
        return created;
    }

    public DeploymentView update(Principal principal, String projectName, String name, DeploymentChanges changes) {
        DeploymentView updated = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Deployment before = requireDeployment(stores, project, name);
            Objective objective = objectiveOf(stores, before);
            DeploymentTarget target = changes.target().orElse(before.target());
            requireValidTarget(stores, objective, target);
            Optional<Challenger> challenger = changes.removeChallenger()
                    ? Optional.empty()
                    : changes.challenger().or(before::challenger);
            changes.challenger().ifPresent(wanted -> requireValidChallenger(stores, objective, wanted));
            Deployment after = before.with(
                    target,
                    changes.access().orElse(before.access()),
                    changes.resources().orElse(before.resources()),
                    changes.stopped().orElse(before.stopped()),
                    challenger,
                    before.revision() + 1,
                    clock.instant());
            List<String> what = new ArrayList<>();
            if (!after.target().equals(before.target())) {
                what.add(before.target().describe() + " → " + after.target().describe());
            }
            if (after.access() != before.access()) {
                what.add("access " + before.access().id() + " → "
                        + after.access().id());
            }
            if (!after.resources().equals(before.resources())) {
                what.add("resources changed");
            }
            if (after.stopped() != before.stopped()) {
                what.add(after.stopped() ? "stopped" : "started");
            }
            describeChallengerChange(before, after).ifPresent(what::add);
            if (what.isEmpty()) {
                return view(stores, before, objective, resolve(stores, before));
            }
            stores.deployments().updateDeployment(after);
            Optional<ReleaseView> release = resolve(stores, after);
            recordRevision(stores, principal, project, after, String.join("; ", what), release, before);
            return view(stores, after, objective, release);
        });
        listener.servingMayHaveChanged(updated.objective().id());
        return updated;
    }

    /**
     * Restores an earlier revision's configuration (its challenger included) as a new revision.
     * The release that served then is pinned, so the rollback brings back that release even when
     * the tag has moved on; switch back to tracking with an update.
     */
    public DeploymentView rollback(Principal principal, String projectName, String name, int revisionNumber) {
        DeploymentView rolledBack = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Deployment before = requireDeployment(stores, project, name);
            DeploymentRevision revision = stores.deployments()
                    .findRevision(before.id(), revisionNumber)
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.REVISION_NOT_FOUND,
                            "deployment '" + name + "' has no revision " + revisionNumber,
                            Map.of("deployment", name, "revision", revisionNumber)));
            Objective objective = objectiveOf(stores, before);
            DeploymentTarget target =
                    revision.release().map(DeploymentTarget::pin).orElse(revision.target());
            requireValidTarget(stores, objective, target);
            revision.challenger().ifPresent(wanted -> requireValidChallenger(stores, objective, wanted));
            Deployment after = before.with(
                    target,
                    revision.access(),
                    revision.resources(),
                    revision.stopped(),
                    revision.challenger(),
                    before.revision() + 1,
                    clock.instant());
            stores.deployments().updateDeployment(after);
            Optional<ReleaseView> release = resolve(stores, after);
            recordRevision(
                    stores,
                    principal,
                    project,
                    after,
                    "rollback to revision " + revisionNumber + " (" + target.describe() + ")",
                    release,
                    before);
            return view(stores, after, objective, release);
        });
        listener.servingMayHaveChanged(rolledBack.objective().id());
        return rolledBack;
    }

    /**
     * Promotes the challenger: moves the tag the deployment tracks to the release the challenger
     * resolves to now — a normal tag move, audited as {@code tag.move} and checked as every tag move
     * is (a protected tag needs an owner, a deprecated release takes no tag) — then removes the
     * challenger in a new revision. Nothing changes when the tag move is refused. A deployment that
     * pins a release has no tag to move ({@link ErrorCode#CONFLICT}); pin the challenger's release
     * with an update instead.
     */
    public DeploymentView promote(Principal principal, String projectName, String name) {
        record Promotion(String objectiveName, String tag, String version, Challenger challenger) {}
        Promotion promotion = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Deployment deployment = requireDeployment(stores, project, name);
            Challenger challenger = deployment
                    .challenger()
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.CONFLICT,
                            "deployment '" + name + "' has no challenger to promote",
                            Map.of("deployment", name)));
            String tag = deployment
                    .target()
                    .trackTag()
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.CONFLICT,
                            "deployment '" + name + "' pins release "
                                    + deployment.target().pinnedRelease().orElseThrow()
                                    + "; promoting moves the tag a deployment tracks, so pin the challenger's release"
                                    + " with an update instead",
                            Map.of("deployment", name)));
            ReleaseView release = resolveChallenger(stores, deployment)
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.CONFLICT,
                            "the challenger of deployment '" + name + "' ("
                                    + challenger.target().describe() + ") resolves to no release to promote",
                            Map.of("deployment", name)));
            return new Promotion(
                    objectiveOf(stores, deployment).name(),
                    tag,
                    release.release().version(),
                    challenger);
        });
        releases.putTag(principal, projectName, promotion.objectiveName(), promotion.tag(), promotion.version());
        DeploymentView promoted = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Deployment before = requireDeployment(stores, project, name);
            Objective objective = objectiveOf(stores, before);
            if (!before.challenger().equals(Optional.of(promotion.challenger()))) {
                // changed meanwhile by someone else: the tag moved, the new challenger stays
                return view(stores, before, objective, resolve(stores, before));
            }
            Deployment after = before.with(
                    before.target(),
                    before.access(),
                    before.resources(),
                    before.stopped(),
                    Optional.empty(),
                    before.revision() + 1,
                    clock.instant());
            stores.deployments().updateDeployment(after);
            Optional<ReleaseView> release = resolve(stores, after);
            recordRevision(
                    stores,
                    principal,
                    project,
                    after,
                    "challenger promoted: tag " + promotion.tag() + " → " + promotion.version()
                            + "; challenger removed",
                    release,
                    before);
            return view(stores, after, objective, release);
        });
        listener.servingMayHaveChanged(promoted.objective().id());
        return promoted;
    }

    public DeploymentView get(Principal principal, String projectName, String name) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Deployment deployment = requireDeployment(stores, project, name);
            return view(stores, deployment, objectiveOf(stores, deployment), resolve(stores, deployment));
        });
    }

    public Page<DeploymentView> list(Principal principal, String projectName, PageRequest page) {
        List<DeploymentView> rows = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return stores.deployments().listDeployments(project.id(), page).stream()
                    .map(deployment ->
                            view(stores, deployment, objectiveOf(stores, deployment), resolve(stores, deployment)))
                    .toList();
        });
        return Page.fromOverfetch(rows, page, view -> view.deployment().name());
    }

    public List<DeploymentRevision> revisions(Principal principal, String projectName, String name) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return stores.deployments()
                    .listRevisions(requireDeployment(stores, project, name).id());
        });
    }

    public CreatedKey createKey(
            Principal principal, String projectName, String name, String keyName, Optional<Instant> expiresAt) {
        if (keyName == null || keyName.isBlank() || keyName.length() > MAX_KEY_NAME_LENGTH) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "key name must be 1 to " + MAX_KEY_NAME_LENGTH + " characters, for example 'billing-service'",
                    Map.of("field", "name"));
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(clock.instant())) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "expires_at " + expiresAt.get() + " is in the past; give a future time or none",
                    Map.of("field", "expires_at"));
        }
        CreatedKey created = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Deployment deployment = requireDeployment(stores, project, name);
            String secret = KEY_PREFIX + secrets.newSecret().substring(TokenSecrets.PREFIX.length());
            ApiKey key = new ApiKey(
                    UUID.randomUUID().toString(),
                    deployment.id(),
                    keyName,
                    TokenSecrets.shownPrefix(secret),
                    UserRef.of(principal),
                    clock.instant(),
                    expiresAt,
                    Optional.empty());
            stores.deployments().insertApiKey(key, TokenSecrets.hash(secret));
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change("api_key.create", "api_key", key.id(), name + ":" + keyName, null, key.auditState()));
            return new CreatedKey(key, secret);
        });
        listener.keysChanged(created.key().deploymentId());
        return created;
    }

    public List<ApiKey> listKeys(Principal principal, String projectName, String name) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            return stores.deployments()
                    .listApiKeys(requireDeployment(stores, project, name).id());
        });
    }

    public ApiKey revokeKey(Principal principal, String projectName, String name, String keyId) {
        ApiKey revoked = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Deployment deployment = requireDeployment(stores, project, name);
            ApiKey before = stores.deployments()
                    .findApiKey(deployment.id(), keyId)
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.API_KEY_NOT_FOUND,
                            "deployment '" + name + "' has no API key '" + keyId + "'",
                            Map.of("key_id", keyId)));
            if (before.revokedAt().isPresent()) {
                return before;
            }
            Instant now = clock.instant();
            stores.deployments().revokeApiKey(keyId, now);
            ApiKey after = new ApiKey(
                    before.id(),
                    before.deploymentId(),
                    before.name(),
                    before.prefix(),
                    before.createdBy(),
                    before.createdAt(),
                    before.expiresAt(),
                    Optional.of(now));
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change(
                            "api_key.revoke",
                            "api_key",
                            keyId,
                            name + ":" + before.name(),
                            before.auditState(),
                            after.auditState()));
            return after;
        });
        listener.keysChanged(revoked.deploymentId());
        return revoked;
    }

    /** The release a deployment's target points at now: the tag's holder, or the pinned release. */
    public static Optional<ReleaseView> resolve(Stores stores, Deployment deployment) {
        return resolve(stores, deployment.objectiveId(), deployment.target());
    }

    /** The release a deployment's challenger points at now, if it has one: the tag's holder, or its release. */
    public static Optional<ReleaseView> resolveChallenger(Stores stores, Deployment deployment) {
        return deployment
                .challenger()
                .flatMap(challenger -> resolve(stores, deployment.objectiveId(), challenger.target()));
    }

    private static Optional<ReleaseView> resolve(Stores stores, String objectiveId, DeploymentTarget target) {
        Optional<String> releaseId = target.trackTag().isPresent()
                ? Optional.ofNullable(stores.releases()
                        .currentTags(objectiveId)
                        .get(target.trackTag().get()))
                : stores.releases()
                        .findRelease(objectiveId, target.pinnedRelease().orElseThrow())
                        .map(Release::id);
        return releaseId
                .flatMap(id -> stores.releases().findReleaseById(id))
                .map(release -> ReleaseService.view(stores, release));
    }

    private static DeploymentView view(
            Stores stores, Deployment deployment, Objective objective, Optional<ReleaseView> release) {
        return new DeploymentView(deployment, objective, release, resolveChallenger(stores, deployment));
    }

    /** The challenger part of a revision's description, when the challenger changed. */
    private static Optional<String> describeChallengerChange(Deployment before, Deployment after) {
        if (after.challenger().equals(before.challenger())) {
            return Optional.empty();
        }
        if (after.challenger().isEmpty()) {
            return Optional.of("challenger removed");
        }
        return Optional.of((before.challenger().isEmpty() ? "challenger " : "challenger → ")
                + after.challenger().get().describe());
    }

    private void recordRevision(
            Stores stores,
            Principal principal,
            Project project,
            Deployment deployment,
            String change,
            Optional<ReleaseView> release,
            Deployment before) {
        stores.deployments()
                .insertRevision(new DeploymentRevision(
                        UUID.randomUUID().toString(),
                        deployment.id(),
                        deployment.revision(),
                        change,
                        deployment.target(),
                        deployment.access(),
                        deployment.resources(),
                        deployment.stopped(),
                        release.map(view -> view.release().version()),
                        UserRef.of(principal),
                        deployment.updatedAt(),
                        deployment.challenger()));
        audit.record(
                stores,
                principal,
                Optional.of(project.id()),
                new Change(
                        before == null ? "deployment.create" : "deployment.update",
                        "deployment",
                        deployment.id(),
                        deployment.name(),
                        before == null ? null : before.auditState(),
                        deployment.auditState()));
    }

    private static void requireValidTarget(Stores stores, Objective objective, DeploymentTarget target) {
        target.trackTag().ifPresent(tag -> {
            if (!objective.tags().contains(tag)) {
                throw new ModelyardException(
                        ErrorCode.UNKNOWN_TAG,
                        "tag '" + tag + "' is not configured on objective '" + objective.name() + "'; its tags are "
                                + objective.tags(),
                        Map.of("tag", tag));
            }
        });
        target.pinnedRelease().ifPresent(version -> {
            if (stores.releases().findRelease(objective.id(), version).isEmpty()) {
                throw new ModelyardException(
                        ErrorCode.RELEASE_NOT_FOUND,
                        "objective '" + objective.name() + "' has no release " + version + " to pin",
                        Map.of("release", version));
            }
        });
    }

    /** The challenger's tag is one of the objective's, or its release exists. */
    private static void requireValidChallenger(Stores stores, Objective objective, Challenger challenger) {
        challenger.target().trackTag().ifPresent(tag -> {
            if (!objective.tags().contains(tag)) {
                throw new ModelyardException(
                        ErrorCode.UNKNOWN_TAG,
                        "challenger tag '" + tag + "' is not configured on objective '" + objective.name()
                                + "'; its tags are " + objective.tags(),
                        Map.of("field", "challenger.tag", "tag", tag));
            }
        });
        challenger.target().pinnedRelease().ifPresent(version -> {
            if (stores.releases().findRelease(objective.id(), version).isEmpty()) {
                throw new ModelyardException(
                        ErrorCode.RELEASE_NOT_FOUND,
                        "objective '" + objective.name() + "' has no release " + version + " to use as challenger",
                        Map.of("field", "challenger.release", "release", version));
            }
        });
    }

    private static Objective objectiveOf(Stores stores, Deployment deployment) {
        return stores.objectives()
                .findObjectiveById(deployment.objectiveId())
                .orElseThrow(() -> new IllegalStateException("deployment " + deployment.id() + " has no objective"));
    }

    public static Deployment requireDeployment(Stores stores, Project project, String name) {
        return stores.deployments()
                .findDeployment(name)
                .filter(deployment -> deployment.projectId().equals(project.id()))
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.DEPLOYMENT_NOT_FOUND,
                        "deployment '" + name + "' does not exist in project '" + project.name() + "'",
                        Map.of("deployment", String.valueOf(name))));
    }
}

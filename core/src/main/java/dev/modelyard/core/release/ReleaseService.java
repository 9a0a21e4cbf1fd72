package dev.modelyard.core.release;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.deployment.DeploymentListener;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ObjectiveService;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.submission.Approvals;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.submission.SubmissionService;
import dev.modelyard.core.submission.SubmissionStatus;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.UserRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Releases and their environment tags. A release is made from an approved submission once the
 * objective's release checks allow it; tags move between releases in one transaction, and every
 * move is appended to the tag history, which answers "who carried tag T at instant X".
 */
public final class ReleaseService {
    private static final int MAX_TEXT_LENGTH = 20_000;

    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final DeploymentListener listener;
    private final Clock clock;

    public ReleaseService(
            Transactions transactions,
            ProjectAccess access,
            AuditRecorder audit,
            DeploymentListener listener,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public ReleaseView create(
            Principal principal,
            String projectName,
            String objectiveName,
            int submissionNumber,
            String version,
            String note,
            List<String> tags) {
        ReleaseVersions.requireValid(version);
        requireText(note, "note");
        List<String> initialTags = List.copyOf(new LinkedHashSet<>(tags));
        ReleaseView created = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Objective objective = SubmissionService.requireOpenObjective(stores, project, objectiveName);
            for (String tag : initialTags) {
                requireTagAllowed(stores, principal, project, objective, tag);
            }
            Submission submission = SubmissionService.requireSubmission(stores, objective, submissionNumber);
            if (submission.status() != SubmissionStatus.APPROVED) {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "submission " + submissionNumber + " is "
                                + submission.status().id().replace('_', ' ')
                                + "; only approved submissions can be released",
                        Map.of(
                                "submission",
                                submissionNumber,
                                "status",
                                submission.status().id()));
            }
            stores.releases().findReleaseOfSubmission(submission.id()).ifPresent(existing -> {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "submission " + submissionNumber + " is already released as " + existing.version(),
                        Map.of("submission", submissionNumber, "release", existing.version()));
            });
            stores.releases().findRelease(objective.id(), version).ifPresent(existing -> {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "release " + version + " already exists in objective '" + objectiveName + "'",
                        Map.of("version", version));
            });
            int approvals = Approvals.count(submission, stores.submissions().listReviews(submission.id()));
            List<CheckResult> results = ReleaseChecks.run(stores, objective, submission, approvals);
            List<CheckResult> blocking =
                    results.stream().filter(CheckResult::blocks).toList();
            if (!blocking.isEmpty()) {
                throw new ModelyardException(
                        ErrorCode.RELEASE_CHECKS_FAILED,
                        "release " + version + " is refused by " + blocking.size() + " release check(s): "
                                + String.join(
                                        "; ",
                                        blocking.stream()
                                                .map(result -> result.check() + " (" + result.message() + ")")
                                                .toList()),
                        Map.of(
                                "failed_checks",
                                blocking.stream()
                                        .map(result -> Map.of(
                                                "kind", result.kind().id(),
                                                "enforcement",
                                                        result.enforcement().id(),
                                                "outcome", result.outcome().id(),
                                                "check", result.check(),
                                                "message", result.message()))
                                        .toList()));
            }
            Release release = new Release(
                    UUID.randomUUID().toString(),
                    objective.id(),
                    version,
                    submission.id(),
                    submission.number(),
                    note,
                    results,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    UserRef.of(principal),
                    clock.instant());
            stores.releases().insertRelease(release);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change(
                            "release.create",
                            "release",
                            release.id(),
                            objective.name() + "@" + version,
                            null,
                            release.auditState()));
            for (String tag : initialTags) {
                moveTag(stores, principal, project, objective, tag, Optional.of(release));
            }
            return view(stores, release);
        });
        if (!initialTags.isEmpty()) {
            listener.servingMayHaveChanged(created.release().objectiveId());
        }
        return created;
    }

    /** Checks, before a bundle is read, that the caller may import releases into the project. */
    public void requireCanImport(Principal principal, String projectName) {
        transactions.read(stores -> access.require(stores, principal, projectName, Role.EDITOR));
    }

    public ReleaseView get(Principal principal, String projectName, String objectiveName, String version) {
        return transactions.read(stores -> {
            Objective objective = readableObjective(stores, principal, projectName, objectiveName);
            return view(stores, requireRelease(stores, objective, version));
        });
    }

    public Page<ReleaseView> list(Principal principal, String projectName, String objectiveName, PageRequest page) {
        List<ReleaseView> rows = transactions.read(stores -> {
            Objective objective = readableObjective(stores, principal, projectName, objectiveName);
            return stores.releases().listReleases(objective.id(), page).stream()
                    .map(release -> view(stores, release))
                    .toList();
        });
        return Page.fromOverfetch(rows, page, row -> row.release().sortKey());
    }

    /** Marks a release deprecated with a reason; it keeps existing (releases are never deleted). */
    public ReleaseView deprecate(
            Principal principal, String projectName, String objectiveName, String version, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST, "say why the release is deprecated (reason)", Map.of("field", "reason"));
        }
        requireText(reason, "reason");
        return transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            Release before = requireRelease(stores, objective, version);
            if (before.deprecated()) {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "release " + version + " is already deprecated: "
                                + before.deprecationReason().orElse(""),
                        Map.of("version", version));
            }
            Release after = before.deprecate(reason, clock.instant());
            stores.releases().updateRelease(after);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change(
                            "release.deprecate",
                            "release",
                            after.id(),
                            objective.name() + "@" + version,
                            before.auditState(),
                            after.auditState()));
            return view(stores, after);
        });
    }

    /** Puts the tag on the release with {@code version}, taking it off whichever release had it. */
    public TagState putTag(Principal principal, String projectName, String objectiveName, String tag, String version) {
        TagMove moved = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            requireTagAllowed(stores, principal, project, objective, tag);
            Release release = requireRelease(stores, objective, version);
            if (release.deprecated()) {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "release " + version + " is deprecated ("
                                + release.deprecationReason().orElse("") + "); tags cannot be put on it",
                        Map.of("version", version));
            }
            moveTag(stores, principal, project, objective, tag, Optional.of(release));
            return new TagMove(objective.id(), tagState(stores, objective, tag));
        });
        listener.servingMayHaveChanged(moved.objectiveId());
        return moved.state();
    }

    private record TagMove(String objectiveId, TagState state) {}

    /** Takes the tag off whichever release carries it; harmless when none does. */
    public void removeTag(Principal principal, String projectName, String objectiveName, String tag) {
        String objectiveId = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            requireTagAllowed(stores, principal, project, objective, tag);
            moveTag(stores, principal, project, objective, tag, Optional.empty());
            return objective.id();
        });
        listener.servingMayHaveChanged(objectiveId);
    }

    public List<TagState> tags(Principal principal, String projectName, String objectiveName) {
        return transactions.read(stores -> {
            Objective objective = readableObjective(stores, principal, projectName, objectiveName);
            return objective.tags().stream()
                    .map(tag -> tagState(stores, objective, tag))
                    .toList();
        });
    }

    /** Every move of the tag, oldest first. */
    public List<TagEvent> tagHistory(Principal principal, String projectName, String objectiveName, String tag) {
        return transactions.read(stores -> {
            Objective objective = readableObjective(stores, principal, projectName, objectiveName);
            requireConfiguredTag(objective, tag);
            return stores.releases().tagHistory(objective.id(), Optional.of(tag));
        });
    }

    /**
     * The release carrying the tag now, or at instant {@code asOf}: the newest release the tag was
     * put on at or before that instant. 404 when no release carried it then.
     */
    public ReleaseView resolve(
            Principal principal, String projectName, String objectiveName, String tag, Optional<Instant> asOf) {
        return transactions.read(stores -> {
            Objective objective = readableObjective(stores, principal, projectName, objectiveName);
            requireConfiguredTag(objective, tag);
            Instant at = asOf.orElseGet(clock::instant);
            Optional<String> releaseId = asOf.isPresent()
                    ? stores.releases()
                            .lastTagEventAt(objective.id(), tag, at)
                            .flatMap(TagEvent::release)
                            .map(ReleaseRef::id)
                    : Optional.ofNullable(
                            stores.releases().currentTags(objective.id()).get(tag));
            Release release = releaseId
                    .flatMap(id -> stores.releases().findReleaseById(id))
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.RELEASE_NOT_FOUND,
                            asOf.isPresent()
                                    ? "no release of objective '" + objectiveName + "' carried tag '" + tag + "' at "
                                            + at
                                    : "no release of objective '" + objectiveName + "' carries tag '" + tag + "'",
                            Map.of("tag", tag)));
            return view(stores, release);
        });
    }

    /** Moves a tag within the caller's transaction: lock, take it off the holder, put it on, record. */
    void moveTag(
            Stores stores,
            Principal principal,
            Project project,
            Objective objective,
            String tag,
            Optional<Release> target) {
        long sequence = stores.releases().nextTagSequence(objective.id());
        Optional<String> holderId = Optional.ofNullable(
                stores.releases().currentTags(objective.id()).get(tag));
        if (holderId.equals(target.map(Release::id))) {
            return;
        }
        Optional<ReleaseRef> previous =
                holderId.flatMap(id -> stores.releases().findReleaseById(id)).map(Release::ref);
        if (target.isPresent()) {
            stores.releases().putTag(objective.id(), tag, target.get().id());
        } else {
            stores.releases().removeTag(objective.id(), tag);
        }
        TagEvent event = new TagEvent(
                UUID.randomUUID().toString(),
                objective.id(),
                tag,
                sequence,
                target.map(Release::ref),
                previous,
                UserRef.of(principal),
                clock.instant());
        stores.releases().appendTagEvent(event);
        audit.record(
                stores,
                principal,
                Optional.of(project.id()),
                new Change(
                        target.isPresent() ? "tag.move" : "tag.remove",
                        "tag",
                        objective.id() + "/" + tag,
                        objective.name() + ":" + tag,
                        tagAuditState(tag, previous),
                        tagAuditState(tag, event.release())));
    }

    private static Map<String, Object> tagAuditState(String tag, Optional<ReleaseRef> release) {
        Map<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("tag", tag);
        state.put("release", release.map(ReleaseRef::version).orElse(null));
        return state;
    }

    private TagState tagState(Stores stores, Objective objective, String tag) {
        Optional<ReleaseRef> holder = Optional.ofNullable(
                        stores.releases().currentTags(objective.id()).get(tag))
                .flatMap(id -> stores.releases().findReleaseById(id))
                .map(Release::ref);
        Optional<Instant> since = holder.flatMap(ignored -> stores.releases()
                .lastTagEventAt(objective.id(), tag, clock.instant())
                .map(TagEvent::at));
        return new TagState(tag, objective.protectedTags().contains(tag), holder, since);
    }

    private Objective readableObjective(Stores stores, Principal principal, String projectName, String objectiveName) {
        Project project = access.require(stores, principal, projectName, Role.VIEWER);
        return ObjectiveService.requireObjective(stores, project, objectiveName);
    }

    private void requireTagAllowed(
            Stores stores, Principal principal, Project project, Objective objective, String tag) {
        requireConfiguredTag(objective, tag);
        if (objective.protectedTags().contains(tag) && !principal.admin()) {
            Role role = stores.projects()
                    .findMember(project.id(), principal.userId())
                    .map(member -> member.role())
                    .orElse(Role.VIEWER);
            if (!role.includes(Role.OWNER)) {
                throw new ModelyardException(
                        ErrorCode.PERMISSION_DENIED,
                        "tag '" + tag + "' is protected on objective '" + objective.name() + "': moving it needs the"
                                + " owner role, and user '" + principal.user().name() + "' is " + role.id(),
                        Map.of("tag", tag, "role", role.id(), "required_role", Role.OWNER.id()));
            }
        }
    }

    private static void requireConfiguredTag(Objective objective, String tag) {
        if (!objective.tags().contains(tag)) {
            throw new ModelyardException(
                    ErrorCode.UNKNOWN_TAG,
                    "tag '" + tag + "' is not configured on objective '" + objective.name() + "'; its tags are "
                            + objective.tags(),
                    Map.of("tag", String.valueOf(tag), "tags", objective.tags()));
        }
    }

    static Release requireRelease(Stores stores, Objective objective, String version) {
        return stores.releases()
                .findRelease(objective.id(), version)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.RELEASE_NOT_FOUND,
                        "objective '" + objective.name() + "' has no release " + version,
                        Map.of("objective", objective.name(), "version", String.valueOf(version))));
    }

    public static ReleaseView view(Stores stores, Release release) {
        Submission submission = stores.submissions()
                .findSubmissionById(release.submissionId())
                .orElseThrow(() -> new IllegalStateException("release " + release.id() + " has no submission"));
        List<String> tags = new ArrayList<>();
        stores.releases().currentTags(release.objectiveId()).forEach((tag, releaseId) -> {
            if (releaseId.equals(release.id())) {
                tags.add(tag);
            }
        });
        tags.sort(null);
        return new ReleaseView(release, submission, tags);
    }

    private static void requireText(String text, String field) {
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    field + " is longer than " + MAX_TEXT_LENGTH + " characters",
                    Map.of("field", field));
        }
    }
}

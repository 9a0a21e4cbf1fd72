package dev.modelyard.core.submission;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.evaluation.EvaluationQueue;
import dev.modelyard.core.evaluation.JobTrigger;
import dev.modelyard.core.model.Model;
import dev.modelyard.core.model.ModelVersion;
import dev.modelyard.core.objective.MetadataField;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ObjectiveService;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.release.Release;
import dev.modelyard.core.submission.Review.Verdict;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.UserRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Submissions, reviewed like pull requests. Editors submit and review, any member comments; a
 * submitter cannot approve their own; rejected and withdrawn submissions are final; a released
 * submission can no longer change.
 */
public final class SubmissionService {
    private static final int MAX_TEXT_LENGTH = 20_000;

    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final EvaluationQueue evaluations;
    private final Clock clock;

    public SubmissionService(
            Transactions transactions,
            ProjectAccess access,
            AuditRecorder audit,
            EvaluationQueue evaluations,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.evaluations = requireNonNull(evaluations, "evaluations is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Submits version {@code versionNumber} of a model of the same project, and queues its
     * evaluation on each of the objective's evaluation datasets.
     */
    public Submission submit(
            Principal principal,
            String projectName,
            String objectiveName,
            String modelName,
            int versionNumber,
            Map<String, Object> metadata,
            String description) {
        requireText(description, "description");
        Submission submitted = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Objective objective = requireOpenObjective(stores, project, objectiveName);
            Model model = stores.models()
                    .findModel(project.id(), modelName)
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.MODEL_NOT_FOUND,
                            "model '" + modelName + "' does not exist in project '" + projectName + "'",
                            Map.of("model", String.valueOf(modelName))));
            ModelVersion version = stores.models()
                    .findVersion(model.id(), versionNumber)
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.MODEL_VERSION_NOT_FOUND,
                            "model '" + modelName + "' has no version " + versionNumber,
                            Map.of("model", modelName, "version", versionNumber)));
            Map<String, Object> checkedMetadata = validMetadata(objective, metadata);
            Instant now = clock.instant();
            Submission submission = new Submission(
                    UUID.randomUUID().toString(),
                    objective.id(),
                    stores.submissions().reserveNextSubmissionNumber(objective.id()),
                    model.id(),
                    model.name(),
                    version.id(),
                    version.number(),
                    version.digest(),
                    version.sizeBytes(),
                    version.runtime(),
                    version.format(),
                    version.fileName(),
                    version.signature(),
                    version.manifest(),
                    checkedMetadata,
                    description,
                    SubmissionStatus.OPEN,
                    UserRef.of(principal),
                    now,
                    now);
            stores.submissions().insertSubmission(submission);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change(
                            "submission.create",
                            "submission",
                            submission.id(),
                            objective.name() + "#" + submission.number(),
                            null,
                            submission.auditState()));
            evaluations.enqueueMissing(
                    stores, objective, List.of(submission), JobTrigger.SUBMISSION, UserRef.of(principal));
            return submission;
        });
        evaluations.wakeUp();
        return submitted;
    }

    public SubmissionView get(Principal principal, String projectName, String objectiveName, int number) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            return view(stores, requireSubmission(stores, objective, number));
        });
    }

    public Page<SubmissionView> list(
            Principal principal,
            String projectName,
            String objectiveName,
            Optional<SubmissionStatus> status,
            Map<String, String> metadataEquals,
            PageRequest page) {
        List<SubmissionView> rows = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            for (String field : metadataEquals.keySet()) {
                if (objective.metadataFields().stream()
                        .noneMatch(known -> known.name().equals(field))) {
                    throw new ModelyardException(
                            ErrorCode.INVALID_REQUEST,
                            "objective '" + objectiveName + "' has no metadata field '" + field + "'; its fields: "
                                    + objective.metadataFields().stream()
                                            .map(MetadataField::name)
                                            .toList(),
                            Map.of("parameter", "metadata." + field));
                }
            }
            return stores
                    .submissions()
                    .listSubmissions(objective.id(), new SubmissionQuery(status, metadataEquals, page))
                    .stream()
                    .map(submission -> view(stores, submission))
                    .toList();
        });
        return Page.fromOverfetch(
                rows, page, row -> Integer.toString(row.submission().number()));
    }

    /**
     * Adds a review or comment. Approve, request changes and reject set the status; comments
     * leave it. Returns the review and the submission as it is afterwards.
     */
    public Review review(
            Principal principal,
            String projectName,
            String objectiveName,
            int number,
            Verdict verdict,
            String body,
            Optional<String> inReplyTo) {
        requireText(body, "body");
        return transactions.inTransaction(stores -> {
            Role required = verdict == Verdict.COMMENT ? Role.VIEWER : Role.EDITOR;
            Project project = access.require(stores, principal, projectName, required);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            Submission before = requireSubmission(stores, objective, number);
            List<Review> reviews = stores.submissions().listReviews(before.id());
            inReplyTo.ifPresent(parent -> {
                if (reviews.stream().noneMatch(review -> review.id().equals(parent))) {
                    throw new ModelyardException(
                            ErrorCode.REVIEW_NOT_FOUND,
                            "submission " + number + " has no review or comment '" + parent + "' to reply to",
                            Map.of("in_reply_to", parent));
                }
            });
            if (verdict != Verdict.COMMENT) {
                requireChangeable(stores, before);
                if (before.submittedBy().id().equals(principal.userId())) {
                    throw new ModelyardException(
                            ErrorCode.PERMISSION_DENIED,
                            "user '" + principal.user().name() + "' submitted submission " + number
                                    + " and cannot " + verdict.id().replace('_', ' ') + " it; ask another member to"
                                    + " review it (or withdraw it)",
                            Map.of("verdict", verdict.id()));
                }
            }
            Review review = new Review(
                    UUID.randomUUID().toString(),
                    before.id(),
                    UserRef.of(principal),
                    verdict,
                    body,
                    inReplyTo,
                    clock.instant());
            stores.submissions().insertReview(review);
            String resourceName = objective.name() + "#" + number;
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change("submission.review", "review", review.id(), resourceName, null, review.auditState()));
            SubmissionStatus status =
                    switch (verdict) {
                        case COMMENT -> before.status();
                        case APPROVE -> SubmissionStatus.APPROVED;
                        case REQUEST_CHANGES -> SubmissionStatus.CHANGES_REQUESTED;
                        case REJECT -> SubmissionStatus.REJECTED;
                    };
            if (status != before.status()) {
                Submission after = before.withStatus(status, review.createdAt());
                stores.submissions().updateSubmissionStatus(after.id(), status, after.updatedAt());
                if (status.terminal()) {
                    stores.evaluations()
                            .failUnfinishedJobs(
                                    after.id(), "submission " + number + " was " + status.id(), clock.instant());
                }
                audit.record(
                        stores,
                        principal,
                        Optional.of(project.id()),
                        new Change(
                                "submission." + status.id(),
                                "submission",
                                after.id(),
                                resourceName,
                                before.auditState(),
                                after.auditState()));
            }
            return review;
        });
    }

    public List<Review> listReviews(Principal principal, String projectName, String objectiveName, int number) {
        return get(principal, projectName, objectiveName, number).reviews();
    }

    /** The submitter (or an owner) withdraws an open submission; final. */
    public SubmissionView withdraw(Principal principal, String projectName, String objectiveName, int number) {
        return transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            Submission before = requireSubmission(stores, objective, number);
            if (!before.submittedBy().id().equals(principal.userId())) {
                access.require(stores, principal, projectName, Role.OWNER);
            }
            requireChangeable(stores, before);
            Submission after = before.withStatus(SubmissionStatus.WITHDRAWN, clock.instant());
            stores.submissions().updateSubmissionStatus(after.id(), after.status(), after.updatedAt());
            stores.evaluations()
                    .failUnfinishedJobs(after.id(), "submission " + number + " was withdrawn", after.updatedAt());
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change(
                            "submission.withdrawn",
                            "submission",
                            after.id(),
                            objective.name() + "#" + number,
                            before.auditState(),
                            after.auditState()));
            return view(stores, after);
        });
    }

    public static Submission requireSubmission(Stores stores, Objective objective, int number) {
        return stores.submissions()
                .findSubmission(objective.id(), number)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.SUBMISSION_NOT_FOUND,
                        "objective '" + objective.name() + "' has no submission " + number,
                        Map.of("objective", objective.name(), "submission", number)));
    }

    public static Objective requireOpenObjective(Stores stores, Project project, String objectiveName) {
        Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
        if (objective.archived()) {
            throw new ModelyardException(
                    ErrorCode.CONFLICT,
                    "objective '" + objectiveName + "' is archived; unarchive it to submit or release",
                    Map.of("objective", objectiveName));
        }
        return objective;
    }

    private static SubmissionView view(Stores stores, Submission submission) {
        List<Review> reviews = stores.submissions().listReviews(submission.id());
        return new SubmissionView(
                submission,
                reviews,
                Approvals.count(submission, reviews),
                stores.releases().findReleaseOfSubmission(submission.id()).map(Release::version));
    }

    private static void requireChangeable(Stores stores, Submission submission) {
        Optional<Release> release = stores.releases().findReleaseOfSubmission(submission.id());
        if (release.isPresent()) {
            throw new ModelyardException(
                    ErrorCode.CONFLICT,
                    "submission " + submission.number() + " is released as "
                            + release.get().version() + " and can no longer change",
                    Map.of("release", release.get().version()));
        }
        if (submission.status().terminal()) {
            throw new ModelyardException(
                    ErrorCode.CONFLICT,
                    "submission " + submission.number() + " is "
                            + submission.status().id()
                            + ", which is final; submit the model again to start a new review",
                    Map.of("status", submission.status().id()));
        }
    }

    /** Checks metadata against the objective's fields; every problem is named in one 422. */
    public static Map<String, Object> validMetadata(Objective objective, Map<String, Object> metadata) {
        List<Map<String, String>> problems = new ArrayList<>();
        Map<String, Object> checked = new LinkedHashMap<>();
        for (String key : metadata.keySet()) {
            if (objective.metadataFields().stream()
                    .noneMatch(field -> field.name().equals(key))) {
                problems.add(Map.of("field", key, "reason", "is not a metadata field of this objective"));
            }
        }
        for (MetadataField field : objective.metadataFields()) {
            Object value = metadata.get(field.name());
            if (value == null) {
                if (field.required()) {
                    problems.add(Map.of("field", field.name(), "reason", "is required"));
                }
                continue;
            }
            Optional<String> rejection = field.reject(value);
            if (rejection.isPresent()) {
                problems.add(Map.of("field", field.name(), "reason", rejection.get()));
            } else {
                checked.put(field.name(), value);
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder message =
                    new StringBuilder("the metadata does not fit objective '" + objective.name() + "':");
            problems.forEach(problem -> message.append(" field '")
                    .append(problem.get("field"))
                    .append("' ")
                    .append(problem.get("reason"))
                    .append(";"));
            message.setLength(message.length() - 1);
            throw new ModelyardException(
                    ErrorCode.INVALID_METADATA, message.toString(), Map.of("problems", List.copyOf(problems)));
        }
        return checked;
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

package dev.modelyard.server.http;

import dev.modelyard.api.AuditEventResponse;
import dev.modelyard.api.CheckResultResponse;
import dev.modelyard.api.MemberResponse;
import dev.modelyard.api.MetadataFieldSpec;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ModelResponse;
import dev.modelyard.api.ModelVersionResponse;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.api.ProjectResponse;
import dev.modelyard.api.ReleaseCheckSpec;
import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.api.ReviewResponse;
import dev.modelyard.api.SignatureResponse;
import dev.modelyard.api.SubmissionResponse;
import dev.modelyard.api.TagEventResponse;
import dev.modelyard.api.TagResponse;
import dev.modelyard.api.TensorSpecResponse;
import dev.modelyard.api.TokenResponse;
import dev.modelyard.api.UserResponse;
import dev.modelyard.core.audit.AuditEvent;
import dev.modelyard.core.model.Model;
import dev.modelyard.core.model.ModelVersion;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ReleaseCheck;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectMember;
import dev.modelyard.core.release.Release;
import dev.modelyard.core.release.ReleaseRef;
import dev.modelyard.core.release.ReleaseView;
import dev.modelyard.core.release.TagEvent;
import dev.modelyard.core.release.TagState;
import dev.modelyard.core.submission.Review;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.submission.SubmissionView;
import dev.modelyard.core.user.ApiToken;
import dev.modelyard.core.user.User;
import dev.modelyard.server.evaluation.EvaluationWireMapping;
import java.util.List;
import java.util.Map;

/** Turns domain records into the API's wire records; the two evolve apart. */
public final class WireMapping {
    private WireMapping() {}

    public static UserResponse user(User user) {
        return new UserResponse(user.id(), user.name(), user.displayName(), user.admin(), user.createdAt());
    }

    public static TokenResponse token(ApiToken token) {
        return new TokenResponse(
                token.id(),
                token.name(),
                token.prefix(),
                token.createdAt(),
                token.expiresAt().orElse(null),
                token.revokedAt().orElse(null));
    }

    public static ProjectResponse project(Project project) {
        return new ProjectResponse(
                project.id(),
                project.name(),
                project.description(),
                project.createdBy().name(),
                project.createdAt());
    }

    public static MemberResponse member(ProjectMember member) {
        return new MemberResponse(
                member.userId(), member.userName(), member.role().id(), member.addedAt());
    }

    public static ModelResponse model(String projectName, Model model) {
        return new ModelResponse(
                model.id(),
                projectName,
                model.name(),
                model.description(),
                model.createdBy().name(),
                model.createdAt());
    }

    public static ModelVersionResponse modelVersion(String projectName, String modelName, ModelVersion version) {
        return new ModelVersionResponse(
                version.id(),
                projectName,
                modelName,
                version.number(),
                version.digest(),
                version.sizeBytes(),
                version.runtime(),
                version.format(),
                version.fileName(),
                signature(version.signature()),
                version.manifest(),
                version.properties(),
                version.createdBy().name(),
                version.createdAt());
    }

    public static SignatureResponse signature(Signature signature) {
        return new SignatureResponse(
                tensors(signature.inputs()), tensors(signature.outputs()), signature.featureNames());
    }

    public static AuditEventResponse auditEvent(AuditEvent event) {
        return new AuditEventResponse(
                event.id(),
                event.at(),
                event.actorId(),
                event.actorName(),
                event.projectId().orElse(null),
                event.action(),
                event.resourceType(),
                event.resourceId(),
                event.resourceName(),
                event.before().orElse(null),
                event.after().orElse(null));
    }

    public static ObjectiveResponse objective(
            String projectName, Objective objective, Map<String, String> currentTags) {
        return new ObjectiveResponse(
                objective.id(),
                projectName,
                objective.name(),
                objective.description(),
                objective.taskType().id(),
                objective.labelColumn(),
                objective.metrics().stream()
                        .map(metric ->
                                new MetricSpec(metric.name(), metric.direction().id(), metric.primary()))
                        .toList(),
                objective.tags(),
                objective.protectedTags(),
                objective.metadataFields().stream()
                        .map(field -> new MetadataFieldSpec(
                                field.name(),
                                field.type().id(),
                                field.required(),
                                field.description(),
                                field.allowedValues()))
                        .toList(),
                objective.releaseChecks().stream()
                        .map(WireMapping::releaseCheck)
                        .toList(),
                EvaluationWireMapping.spec(objective.evaluation()),
                objective.archived(),
                objective.archivedAt().orElse(null),
                currentTags,
                objective.createdBy().name(),
                objective.createdAt(),
                objective.updatedAt());
    }

    public static ReleaseCheckSpec releaseCheck(ReleaseCheck check) {
        return new ReleaseCheckSpec(
                check.kind().id(),
                check.enforcement().id(),
                check.minApprovals().orElse(null),
                check.threshold().orElse(null),
                check.tag().orElse(null),
                check.maxRegression().orElse(null));
    }

    /** A submission; reviews only when {@code withReviews} (lists leave them out). */
    public static SubmissionResponse submission(String objectiveName, SubmissionView view, boolean withReviews) {
        Submission submission = view.submission();
        return new SubmissionResponse(
                submission.id(),
                objectiveName,
                submission.number(),
                submission.modelName(),
                submission.modelVersionNumber(),
                submission.digest(),
                submission.sizeBytes(),
                submission.runtime(),
                submission.format(),
                submission.fileName(),
                signature(submission.signature()),
                submission.manifest(),
                submission.metadata(),
                submission.description(),
                submission.status().id(),
                view.approvals(),
                view.release().orElse(null),
                submission.submittedBy().name(),
                submission.createdAt(),
                submission.updatedAt(),
                withReviews ? view.reviews().stream().map(WireMapping::review).toList() : null);
    }

    public static ReviewResponse review(Review review) {
        return new ReviewResponse(
                review.id(),
                review.author().name(),
                review.verdict().id(),
                review.body(),
                review.inReplyTo().orElse(null),
                review.createdAt());
    }

    public static ReleaseResponse release(String objectiveName, ReleaseView view) {
        Release release = view.release();
        Submission submission = view.submission();
        return new ReleaseResponse(
                release.id(),
                objectiveName,
                release.version(),
                release.submissionNumber(),
                submission.modelName(),
                submission.modelVersionNumber(),
                submission.digest(),
                submission.runtime(),
                release.note(),
                view.tags(),
                release.checkResults().stream()
                        .map(result -> new CheckResultResponse(
                                result.kind().id(),
                                result.enforcement().id(),
                                result.outcome().id(),
                                result.check(),
                                result.message()))
                        .toList(),
                release.deprecated(),
                release.deprecationReason().orElse(null),
                release.deprecatedAt().orElse(null),
                release.origin().orElse(null),
                release.createdBy().name(),
                release.createdAt());
    }

    public static TagResponse tag(TagState state) {
        return new TagResponse(
                state.tag(),
                state.protectedTag(),
                state.release().map(ReleaseRef::version).orElse(null),
                state.since().orElse(null));
    }

    public static TagEventResponse tagEvent(TagEvent event) {
        return new TagEventResponse(
                event.sequence(),
                event.tag(),
                event.release().map(ReleaseRef::version).orElse(null),
                event.previous().map(ReleaseRef::version).orElse(null),
                event.actor().name(),
                event.at());
    }

    private static List<TensorSpecResponse> tensors(List<TensorSpec> tensors) {
        return tensors.stream()
                .map(tensor -> new TensorSpecResponse(tensor.name(), tensor.datatype(), tensor.shape()))
                .toList();
    }
}

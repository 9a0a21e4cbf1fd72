package dev.modelyard.server.http;

import dev.modelyard.api.AuditEventResponse;
import dev.modelyard.api.MemberResponse;
import dev.modelyard.api.ModelResponse;
import dev.modelyard.api.ModelVersionResponse;
import dev.modelyard.api.ProjectResponse;
import dev.modelyard.api.SignatureResponse;
import dev.modelyard.api.TensorSpecResponse;
import dev.modelyard.api.TokenResponse;
import dev.modelyard.api.UserResponse;
import dev.modelyard.core.audit.AuditEvent;
import dev.modelyard.core.model.Model;
import dev.modelyard.core.model.ModelVersion;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectMember;
import dev.modelyard.core.user.ApiToken;
import dev.modelyard.core.user.User;
import java.util.List;

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

    private static List<TensorSpecResponse> tensors(List<TensorSpec> tensors) {
        return tensors.stream()
                .map(tensor -> new TensorSpecResponse(tensor.name(), tensor.datatype(), tensor.shape()))
                .toList();
    }
}

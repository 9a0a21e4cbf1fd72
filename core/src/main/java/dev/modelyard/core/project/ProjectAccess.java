package dev.modelyard.core.project;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.user.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides who may do what in a project. Admins may do everything. A member
 * may do what their role includes (viewer reads, editor writes, owner manages members). To anyone
 * else the project does not exist (404), so names of private projects do not leak.
 */
public final class ProjectAccess {
    /** Returns the project when {@code principal} has at least {@code required} in it. */
    public Project require(Stores stores, Principal principal, String projectName, Role required) {
        Project project =
                stores.projects().findProjectByName(projectName).orElseThrow(() -> projectNotFound(projectName));
        if (principal.admin()) {
            return project;
        }
        Optional<ProjectMember> member = stores.projects().findMember(project.id(), principal.userId());
        if (member.isEmpty()) {
            throw projectNotFound(projectName);
        }
        Role role = member.get().role();
        if (!role.includes(required)) {
            throw new ModelyardException(
                    ErrorCode.PERMISSION_DENIED,
                    "user '" + principal.user().name() + "' is " + role.id() + " of project '" + projectName
                            + "'; this needs the " + required.id() + " role",
                    Map.of("project", projectName, "role", role.id(), "required_role", required.id()));
        }
        return project;
    }

    public static ModelyardException projectNotFound(String projectName) {
        return new ModelyardException(
                ErrorCode.PROJECT_NOT_FOUND,
                "project '" + projectName + "' does not exist or you are not a member",
                Map.of("project", projectName));
    }
}

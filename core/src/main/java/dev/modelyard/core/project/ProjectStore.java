package dev.modelyard.core.project;

import dev.modelyard.core.PageRequest;
import java.util.List;
import java.util.Optional;

/** Projects and their members. Implementations run inside the caller's transaction. */
public interface ProjectStore {
    /** Inserts a project; throws {@link dev.modelyard.core.ErrorCode#ALREADY_EXISTS} on a taken name. */
    void insertProject(Project project);

    void updateProject(Project project);

    Optional<Project> findProjectByName(String name);

    Optional<Project> findProjectById(String id);

    /**
     * Projects sorted by name after {@code page.after()}, at most {@code page.maxResults() + 1};
     * only those {@code memberUserId} belongs to when present.
     */
    List<Project> listProjects(PageRequest page, Optional<String> memberUserId);

    /** Deletes the project and its memberships. */
    void deleteProject(String projectId);

    /** Adds a member or changes the role of an existing one. */
    void upsertMember(ProjectMember member);

    Optional<ProjectMember> findMember(String projectId, String userId);

    /** Members sorted by user name. */
    List<ProjectMember> listMembers(String projectId);

    void removeMember(String projectId, String userId);

    long countMembersWithRole(String projectId, Role role);
}

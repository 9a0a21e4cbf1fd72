package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectMember;
import dev.modelyard.core.project.ProjectStore;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.user.UserRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/** Projects and members in the {@code projects} and {@code project_members} tables, on one handle. */
public final class JdbiProjectStore implements ProjectStore {
    private static final String PROJECT_COLUMNS =
            "p.id, p.name, p.description, p.created_by, cu.name AS created_by_name, p.created_at";
    private static final String MEMBER_COLUMNS = "m.project_id, m.user_id, u.name AS user_name, m.role, m.added_at";

    private static final RowMapper<Project> PROJECT = (row, context) -> new Project(
            row.getString("id"),
            row.getString("name"),
            row.getString("description"),
            new UserRef(row.getString("created_by"), row.getString("created_by_name")),
            EpochMicros.column(row, "created_at"));

    private static final RowMapper<ProjectMember> MEMBER = (row, context) -> new ProjectMember(
            row.getString("project_id"),
            row.getString("user_id"),
            row.getString("user_name"),
            Role.fromId(row.getString("role")),
            EpochMicros.column(row, "added_at"));

    private final Handle handle;

    public JdbiProjectStore(Handle handle) {
        this.handle = requireNonNull(handle, "handle is null");
    }

    @Override
    public void insertProject(Project project) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO projects (id, name, description, created_by, created_at)
                            VALUES (:id, :name, :description, :createdBy, :createdAt)
                            """)
                    .bind("id", project.id())
                    .bind("name", project.name())
                    .bind("description", project.description())
                    .bind("createdBy", project.createdBy().id())
                    .bind("createdAt", project.createdAt())
                    .execute();
        } catch (StatementException e) {
            throw alreadyExistsOr(e, project.name());
        }
    }

    /** Updates the name and description; throws {@link ErrorCode#PROJECT_NOT_FOUND} when the project is gone. */
    @Override
    public void updateProject(Project project) {
        int updated;
        try {
            updated = handle.createUpdate("UPDATE projects SET name = :name, description = :description WHERE id = :id")
                    .bind("name", project.name())
                    .bind("description", project.description())
                    .bind("id", project.id())
                    .execute();
        } catch (StatementException e) {
            throw alreadyExistsOr(e, project.name());
        }
        if (updated == 0) {
            throw new ModelyardException(
                    ErrorCode.PROJECT_NOT_FOUND,
                    "project '" + project.name() + "' does not exist",
                    Map.of("project", project.name()));
        }
    }

    @Override
    public Optional<Project> findProjectByName(String name) {
        return handle.createQuery("SELECT " + PROJECT_COLUMNS
                        + " FROM projects p JOIN users cu ON cu.id = p.created_by WHERE p.name = :name")
                .bind("name", name)
                .map(PROJECT)
                .findOne();
    }

    @Override
    public Optional<Project> findProjectById(String id) {
        return handle.createQuery("SELECT " + PROJECT_COLUMNS
                        + " FROM projects p JOIN users cu ON cu.id = p.created_by WHERE p.id = :id")
                .bind("id", id)
                .map(PROJECT)
                .findOne();
    }

    @Override
    public List<Project> listProjects(PageRequest page, Optional<String> memberUserId) {
        StringBuilder sql = new StringBuilder(
                "SELECT " + PROJECT_COLUMNS + " FROM projects p JOIN users cu ON cu.id = p.created_by WHERE 1 = 1");
        if (memberUserId.isPresent()) {
            sql.append(" AND EXISTS (SELECT 1 FROM project_members m"
                    + " WHERE m.project_id = p.id AND m.user_id = :memberUserId)");
        }
        sql.append(NamePaging.conditions("p.name", page)).append(NamePaging.orderAndLimit("p.name"));
        Query query = handle.createQuery(sql.toString());
        memberUserId.ifPresent(userId -> query.bind("memberUserId", userId));
        return NamePaging.bind(query, page).map(PROJECT).list();
    }

    /**
     * Deletes the project and its memberships; throws {@link ErrorCode#CONFLICT} while models still
     * belong to it.
     */
    @Override
    public void deleteProject(String projectId) {
        try {
            handle.createUpdate("DELETE FROM projects WHERE id = :id")
                    .bind("id", projectId)
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isForeignKeyViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "the project still has models; delete them first",
                        Map.of("project_id", projectId),
                        e);
            }
            throw e;
        }
    }

    /** Adds a member, or changes the role of an existing one (keeping when they were added). */
    @Override
    public void upsertMember(ProjectMember member) {
        handle.createUpdate(
                        """
                        INSERT INTO project_members (project_id, user_id, role, added_at)
                        VALUES (:projectId, :userId, :role, :addedAt)
                        ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role
                        """)
                .bind("projectId", member.projectId())
                .bind("userId", member.userId())
                .bind("role", member.role().id())
                .bind("addedAt", member.addedAt())
                .execute();
    }

    @Override
    public Optional<ProjectMember> findMember(String projectId, String userId) {
        return handle.createQuery("SELECT " + MEMBER_COLUMNS
                        + " FROM project_members m JOIN users u ON u.id = m.user_id"
                        + " WHERE m.project_id = :projectId AND m.user_id = :userId")
                .bind("projectId", projectId)
                .bind("userId", userId)
                .map(MEMBER)
                .findOne();
    }

    @Override
    public List<ProjectMember> listMembers(String projectId) {
        return handle.createQuery("SELECT " + MEMBER_COLUMNS
                        + " FROM project_members m JOIN users u ON u.id = m.user_id"
                        + " WHERE m.project_id = :projectId ORDER BY u.name")
                .bind("projectId", projectId)
                .map(MEMBER)
                .list();
    }

    @Override
    public void removeMember(String projectId, String userId) {
        handle.createUpdate("DELETE FROM project_members WHERE project_id = :projectId AND user_id = :userId")
                .bind("projectId", projectId)
                .bind("userId", userId)
                .execute();
    }

    @Override
    public long countMembersWithRole(String projectId, Role role) {
        return handle.createQuery("SELECT COUNT(*) FROM project_members WHERE project_id = :projectId AND role = :role")
                .bind("projectId", projectId)
                .bind("role", role.id())
                .mapTo(Long.class)
                .one();
    }

    private static RuntimeException alreadyExistsOr(StatementException failure, String name) {
        if (SqlFailures.isUniqueViolation(failure)) {
            return new ModelyardException(
                    ErrorCode.ALREADY_EXISTS,
                    "project '" + name + "' already exists",
                    Map.of("kind", "project", "name", name),
                    failure);
        }
        return failure;
    }
}

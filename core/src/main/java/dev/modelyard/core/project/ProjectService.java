package dev.modelyard.core.project;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Names;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.User;
import dev.modelyard.core.user.UserRef;
import dev.modelyard.core.user.UserService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Projects and their members. */
public final class ProjectService {
    private static final int MAX_DESCRIPTION_LENGTH = 10_000;

    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final Clock clock;

    public ProjectService(Transactions transactions, ProjectAccess access, AuditRecorder audit, Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Creates a project; the creator becomes its owner. */
    public Project create(Principal principal, String name, String description) {
        Names.requireValid("project", name);
        requireDescription(description);
        return transactions.inTransaction(stores -> {
            Project project = new Project(
                    UUID.randomUUID().toString(), name, description, UserRef.of(principal), clock.instant());
            stores.projects().insertProject(project);
            ProjectMember owner = new ProjectMember(
                    project.id(), principal.userId(), principal.user().name(), Role.OWNER, clock.instant());
            stores.projects().upsertMember(owner);
            Optional<String> projectId = Optional.of(project.id());
            audit.record(
                    stores,
                    principal,
                    projectId,
                    new Change("project.create", "project", project.id(), project.name(), null, project.auditState()));
            audit.record(stores, principal, projectId, memberChange("member.add", project, null, owner));
            return project;
        });
    }

    public Project get(Principal principal, String name) {
        return transactions.read(stores -> access.require(stores, principal, name, Role.VIEWER));
    }

    /** Projects the caller is a member of (administrators: all), by name. */
    public Page<Project> list(Principal principal, PageRequest page) {
        Optional<String> memberUserId = principal.admin() ? Optional.empty() : Optional.of(principal.userId());
        List<Project> rows = transactions.read(stores -> stores.projects().listProjects(page, memberUserId));
        return Page.fromOverfetch(rows, page, Project::name);
    }

    public Project updateDescription(Principal principal, String name, String description) {
        requireDescription(description);
        return transactions.inTransaction(stores -> {
            Project before = access.require(stores, principal, name, Role.OWNER);
            Project after = before.withDescription(description);
            stores.projects().updateProject(after);
            audit.record(
                    stores,
                    principal,
                    Optional.of(before.id()),
                    new Change(
                            "project.update", "project", before.id(), name, before.auditState(), after.auditState()));
            return after;
        });
    }

    /** Deletes an empty project; refused with 409 while it still holds models. */
    public void delete(Principal principal, String name) {
        transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, name, Role.OWNER);
            long models = stores.models().countModels(project.id());
            if (models > 0) {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "project '" + name + "' still holds " + models + " model(s); delete them first",
                        Map.of("project", name, "models", models));
            }
            stores.projects().deleteProject(project.id());
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change("project.delete", "project", project.id(), name, project.auditState(), null));
            return null;
        });
    }

    public List<ProjectMember> listMembers(Principal principal, String projectName) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return stores.projects().listMembers(project.id());
        });
    }

    /** Adds a user to the project or changes their role. The last owner cannot be demoted. */
    public ProjectMember putMember(Principal principal, String projectName, String userName, Role role) {
        requireNonNull(role, "role is null");
        return transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.OWNER);
            User user = stores.users().findUserByName(userName).orElseThrow(() -> UserService.userNotFound(userName));
            Optional<ProjectMember> before = stores.projects().findMember(project.id(), user.id());
            if (before.isPresent() && before.get().role() == role) {
                return before.get();
            }
            if (before.isPresent() && before.get().role() == Role.OWNER) {
                requireAnotherOwner(stores, project, userName);
            }
            ProjectMember after = new ProjectMember(
                    project.id(),
                    user.id(),
                    user.name(),
                    role,
                    before.map(ProjectMember::addedAt).orElse(clock.instant()));
            stores.projects().upsertMember(after);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    memberChange(
                            before.isPresent() ? "member.update" : "member.add", project, before.orElse(null), after));
            return after;
        });
    }

    public void removeMember(Principal principal, String projectName, String userName) {
        transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.OWNER);
            User user = stores.users().findUserByName(userName).orElseThrow(() -> UserService.userNotFound(userName));
            ProjectMember member = stores.projects()
                    .findMember(project.id(), user.id())
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.MEMBER_NOT_FOUND,
                            "user '" + userName + "' is not a member of project '" + projectName + "'",
                            Map.of("project", projectName, "user", userName)));
            if (member.role() == Role.OWNER) {
                requireAnotherOwner(stores, project, userName);
            }
            stores.projects().removeMember(project.id(), user.id());
            audit.record(
                    stores, principal, Optional.of(project.id()), memberChange("member.remove", project, member, null));
            return null;
        });
    }

    private static void requireAnotherOwner(Stores stores, Project project, String userName) {
        if (stores.projects().countMembersWithRole(project.id(), Role.OWNER) <= 1) {
            throw new ModelyardException(
                    ErrorCode.CONFLICT,
                    "user '" + userName + "' is the last owner of project '" + project.name()
                            + "'; make another member owner first",
                    Map.of("project", project.name(), "user", userName));
        }
    }

    private static Change memberChange(String action, Project project, ProjectMember before, ProjectMember after) {
        ProjectMember subject = after != null ? after : before;
        return new Change(
                action,
                "member",
                project.id() + "/" + subject.userId(),
                subject.userName(),
                before == null ? null : before.auditState(),
                after == null ? null : after.auditState());
    }

    private static void requireDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "description is " + description.length() + " characters long; the limit is "
                            + MAX_DESCRIPTION_LENGTH,
                    Map.of("field", "description"));
        }
    }
}

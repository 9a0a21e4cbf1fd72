package dev.modelyard.cli;

import dev.modelyard.api.ListMembersResponse;
import dev.modelyard.api.ListProjectsResponse;
import dev.modelyard.api.MemberResponse;
import dev.modelyard.api.ProjectResponse;
import dev.modelyard.client.MemberRole;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.Pages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard projects …}. */
@Command(
        name = "projects",
        description = "List, create, show, update and delete projects; manage their members.",
        subcommands = {
            ProjectsCommand.ListProjects.class,
            ProjectsCommand.CreateProject.class,
            ProjectsCommand.ShowProject.class,
            ProjectsCommand.UpdateProject.class,
            ProjectsCommand.DeleteProject.class,
            ProjectsCommand.MembersCommand.class
        })
final class ProjectsCommand extends GroupCommand {

    static String describe(ProjectResponse project) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("Project", project.name());
        shown.put("Description", project.description());
        shown.put("Created by", project.createdBy());
        shown.put("Created at", Formats.instant(project.createdAt()));
        shown.put("ID", project.id());
        return Table.keyValues(shown);
    }

    @Command(name = "list", description = "List the projects you can see.")
    static final class ListProjects extends ApiCommand {
        @Option(names = "--name", paramLabel = "TEXT", description = "Only projects whose name contains TEXT.")
        String nameContains;

        ListProjects(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            List<ProjectResponse> projects = Pages.collectAll(
                    PageOptions.firstPage().withNameContains(nameContains),
                    client::listProjects,
                    ListProjectsResponse::projects,
                    ListProjectsResponse::nextPageToken);
            output.print(new ListProjectsResponse(projects, null), () -> {
                Table table = new Table("NAME", "DESCRIPTION", "CREATED BY", "CREATED AT");
                projects.forEach(project -> table.addRow(
                        project.name(),
                        project.description(),
                        project.createdBy(),
                        Formats.instant(project.createdAt())));
                return table.render();
            });
        }
    }

    @Command(name = "create", description = "Create a project; you become its owner.")
    static final class CreateProject extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT", description = "Name: lower-case letters, digits, '-'.")
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        CreateProject(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ProjectResponse project = client.createProject(name, description);
            output.print(project, () -> "Created project " + project.name() + ".\n");
        }
    }

    @Command(name = "show", description = "Show one project.")
    static final class ShowProject extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        ShowProject(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ProjectResponse shown = client.getProject(project);
            output.print(shown, () -> describe(shown));
        }
    }

    @Command(name = "update", description = "Change a project's description.")
    static final class UpdateProject extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Option(names = "--description", paramLabel = "TEXT", required = true)
        String description;

        UpdateProject(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ProjectResponse updated = client.updateProject(project, description);
            output.print(updated, () -> "Updated project " + updated.name() + ".\n");
        }
    }

    @Command(name = "delete", description = "Delete a project; it must hold no models (delete them first).")
    static final class DeleteProject extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        DeleteProject(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            client.deleteProject(project);
            output.print(Map.of("deleted", project), () -> "Deleted project " + project + ".\n");
        }
    }

    @Command(
            name = "members",
            description = "List, add and remove a project's members.",
            subcommands = {
                MembersCommand.ListMembers.class,
                MembersCommand.AddMember.class,
                MembersCommand.RemoveMember.class
            })
    static final class MembersCommand extends GroupCommand {

        @Command(name = "list", description = "List a project's members and their roles.")
        static final class ListMembers extends ApiCommand {
            @Parameters(index = "0", paramLabel = "PROJECT")
            String project;

            ListMembers(ModelyardCommand root) {
                super(root);
            }

            @Override
            void execute(ModelyardClient client, Output output) {
                ListMembersResponse members = client.listMembers(project);
                output.print(members, () -> {
                    Table table = new Table("USER", "ROLE", "ADDED AT");
                    members.members()
                            .forEach(member ->
                                    table.addRow(member.user(), member.role(), Formats.instant(member.addedAt())));
                    return table.render();
                });
            }
        }

        @Command(name = "add", description = "Add a user to a project, or change their role.")
        static final class AddMember extends ApiCommand {
            @Parameters(index = "0", paramLabel = "PROJECT")
            String project;

            @Parameters(index = "1", paramLabel = "USER")
            String user;

            @Option(
                    names = "--role",
                    paramLabel = "ROLE",
                    defaultValue = "viewer",
                    description =
                            "viewer (read), editor (read and write) or owner (also members); default: ${DEFAULT-VALUE}.")
            String role;

            AddMember(ModelyardCommand root) {
                super(root);
            }

            @Override
            void execute(ModelyardClient client, Output output) {
                MemberRole memberRole;
                try {
                    memberRole = MemberRole.fromId(role);
                } catch (IllegalArgumentException e) {
                    throw usageError(e.getMessage());
                }
                MemberResponse member = client.putMember(project, user, memberRole);
                output.print(
                        member, () -> "Added " + member.user() + " to " + project + " as " + member.role() + ".\n");
            }
        }

        @Command(name = "remove", description = "Remove a user from a project.")
        static final class RemoveMember extends ApiCommand {
            @Parameters(index = "0", paramLabel = "PROJECT")
            String project;

            @Parameters(index = "1", paramLabel = "USER")
            String user;

            RemoveMember(ModelyardCommand root) {
                super(root);
            }

            @Override
            void execute(ModelyardClient client, Output output) {
                client.removeMember(project, user);
                output.print(
                        Map.of("removed", user, "project", project),
                        () -> "Removed " + user + " from " + project + ".\n");
            }
        }
    }
}

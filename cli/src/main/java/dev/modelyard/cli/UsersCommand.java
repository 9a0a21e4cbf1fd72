package dev.modelyard.cli;

import dev.modelyard.api.CreateUserResponse;
import dev.modelyard.api.ListUsersResponse;
import dev.modelyard.api.UserResponse;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.Pages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard users …}. */
@Command(
        name = "users",
        description = "List, show and create users (creating needs an administrator).",
        subcommands = {UsersCommand.ListUsers.class, UsersCommand.ShowUser.class, UsersCommand.CreateUser.class})
final class UsersCommand extends GroupCommand {

    @Command(name = "list", description = "List users.")
    static final class ListUsers extends ApiCommand {
        @Option(names = "--name", paramLabel = "TEXT", description = "Only users whose name contains TEXT.")
        String nameContains;

        ListUsers(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            List<UserResponse> users = Pages.collectAll(
                    PageOptions.firstPage().withNameContains(nameContains),
                    client::listUsers,
                    ListUsersResponse::users,
                    ListUsersResponse::nextPageToken);
            output.print(new ListUsersResponse(users, null), () -> {
                Table table = new Table("NAME", "DISPLAY NAME", "ADMIN", "CREATED AT");
                users.forEach(user -> table.addRow(
                        user.name(),
                        user.displayName(),
                        user.admin() ? "yes" : "no",
                        Formats.instant(user.createdAt())));
                return table.render();
            });
        }
    }

    @Command(name = "show", description = "Show one user.")
    static final class ShowUser extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        ShowUser(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            UserResponse shown = client.getUser(user);
            output.print(shown, () -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("User", shown.name());
                fields.put("Display name", shown.displayName());
                fields.put("Admin", shown.admin() ? "yes" : "no");
                fields.put("Created at", Formats.instant(shown.createdAt()));
                fields.put("ID", shown.id());
                return Table.keyValues(fields);
            });
        }
    }

    @Command(name = "create", description = "Create a user and their first API token (administrators only).")
    static final class CreateUser extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USER")
        String name;

        @Option(names = "--display-name", paramLabel = "TEXT")
        String displayName;

        @Option(names = "--admin", description = "Make the user an administrator.")
        boolean admin;

        CreateUser(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            CreateUserResponse created = client.createUser(name, Optional.ofNullable(displayName), admin);
            output.print(
                    created,
                    () -> "Created user " + created.user().name()
                            + (created.user().admin() ? " (admin)" : "")
                            + ".\nTheir API token (shown only this once):\n" + created.secret() + "\n");
        }
    }
}

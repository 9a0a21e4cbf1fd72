package dev.modelyard.cli;

import dev.modelyard.api.UserResponse;
import dev.modelyard.client.ModelyardClient;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code modelyard whoami}: the user the token belongs to. */
@Command(name = "whoami", description = "Show the user your token belongs to, and the server.")
final class WhoamiCommand extends ApiCommand {
    WhoamiCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        UserResponse me = client.me();
        output.print(me, () -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("User", me.name());
            shown.put("Display name", me.displayName());
            shown.put("Admin", me.admin() ? "yes" : "no");
            shown.put("Server", client.baseUri());
            return Table.keyValues(shown);
        });
    }
}

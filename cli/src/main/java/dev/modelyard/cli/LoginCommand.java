package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import dev.modelyard.api.UserResponse;
import dev.modelyard.client.ModelyardClient;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code modelyard login --url URL --token TOKEN}: checks the token and saves the login. */
@Command(
        name = "login",
        description = {
            "Check a token against the server and save URL and token for the next commands.",
            "The login file is readable only by you."
        })
final class LoginCommand implements Callable<Integer> {
    private final ModelyardCommand root;

    LoginCommand(ModelyardCommand root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    public Integer call() {
        URI url = root.explicitUrl()
                .map(ModelyardCommand::parseUrl)
                .orElseThrow(() -> new CliUsageException("login needs --url URL (or MODELYARD_URL)"));
        String token = root.explicitToken()
                .orElseThrow(() -> new CliUsageException("login needs --token TOKEN (or MODELYARD_TOKEN)"));
        ModelyardClient client = ModelyardCommand.client(url, token);
        UserResponse me = client.me();
        CliConfigFile configFile = root.configFile();
        configFile.write(new CliConfig(url, token.strip()));
        root.output()
                .print(
                        me,
                        () -> "Logged in to " + url + " as " + me.name() + (me.admin() ? " (admin)" : "")
                                + ".\nSaved to " + configFile.path() + "\n");
        return ModelyardCli.EXIT_OK;
    }
}

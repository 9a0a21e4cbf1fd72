package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code modelyard logout}: forgets the saved login (the token itself stays valid). */
@Command(
        name = "logout",
        description = "Forget the saved login. The token stays valid: revoke it with 'tokens revoke'.")
final class LogoutCommand implements Callable<Integer> {
    private final ModelyardCommand root;

    LogoutCommand(ModelyardCommand root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    public Integer call() {
        CliConfigFile configFile = root.configFile();
        boolean wasLoggedIn = configFile.delete();
        root.output()
                .print(
                        Map.of("logged_out", wasLoggedIn),
                        () -> wasLoggedIn ? "Logged out; removed " + configFile.path() + "\n" : "Not logged in.\n");
        return ModelyardCli.EXIT_OK;
    }
}

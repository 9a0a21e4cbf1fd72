package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the commands get from the world: where to print, the environment variables, and where the
 * login is kept. Tests build one with in-memory streams and a temporary config file.
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> environment, Path configFile) {
    public CliContext {
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        requireNonNull(configFile, "configFile is null");
    }

    /** The real process: System.out/err, the process environment, the user's config folder. */
    public static CliContext system() {
        Map<String, String> environment = System.getenv();
        return new CliContext(
                System.out,
                System.err,
                environment,
                CliConfigFile.locate(environment, Path.of(System.getProperty("user.home"))));
    }
}

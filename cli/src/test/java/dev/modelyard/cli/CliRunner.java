package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code modelyard} commands in this JVM with captured output and a private login file. */
final class CliRunner {
    record Result(int exitCode, String out, String err) {}

    private final Path configDirectory;
    private final Map<String, String> environment;

    CliRunner(Path configDirectory) {
        this(configDirectory, Map.of());
    }

    CliRunner(Path configDirectory, Map<String, String> extraEnvironment) {
        this.configDirectory = requireNonNull(configDirectory, "configDirectory is null");
        this.environment = Map.copyOf(extraEnvironment);
    }

    Path configFile() {
        return configDirectory.resolve(CliConfigFile.FILE_NAME);
    }

    Result run(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> fullEnvironment = new HashMap<>(environment);
        fullEnvironment.put("MODELYARD_CONFIG_DIR", configDirectory.toString());
        CliContext context = new CliContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                fullEnvironment,
                CliConfigFile.locate(fullEnvironment, Path.of("/nonexistent-home")));
        int exitCode = ModelyardCli.run(context, arguments);
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

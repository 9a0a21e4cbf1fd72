package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import dev.modelyard.client.ModelyardClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that calls a deployment: needs the server, but a token only when the deployment asks
 * for one; {@code --key} (or {@code $MODELYARD_API_KEY}) sends an API key instead.
 */
abstract class InferenceCommand implements Callable<Integer> {
    protected final ModelyardCommand root;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--key",
            paramLabel = "KEY",
            description = "An API key of the deployment, sent as x-api-key instead of your token"
                    + " (default: $MODELYARD_API_KEY).")
    String key;

    InferenceCommand(ModelyardCommand root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    public final Integer call() {
        execute(root.inferenceClient(), root.apiKey(key), root.output());
        return ModelyardCli.EXIT_OK;
    }

    abstract void execute(ModelyardClient client, Optional<String> apiKey, Output output);

    ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The file's text; a missing or unreadable file is a usage error. */
    String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw usageError("no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

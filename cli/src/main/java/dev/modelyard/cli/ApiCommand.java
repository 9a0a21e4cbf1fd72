package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import dev.modelyard.client.ModelyardClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that talks to the server: gets a client and an output from the root command. */
abstract class ApiCommand implements Callable<Integer> {
    protected final ModelyardCommand root;

    @Spec
    CommandSpec spec;

    ApiCommand(ModelyardCommand root) {
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    public final Integer call() {
        execute(root.client(), root.output());
        return ModelyardCli.EXIT_OK;
    }

    abstract void execute(ModelyardClient client, Output output);

    ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

package dev.modelyard.cli;

/** The entry point of {@code modelyard.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] arguments) {
        int exitCode = ModelyardCli.run(CliContext.system(), arguments);
        System.exit(exitCode);
    }
}

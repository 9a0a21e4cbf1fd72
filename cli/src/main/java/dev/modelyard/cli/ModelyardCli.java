package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import dev.modelyard.client.ArtifactIntegrityException;
import dev.modelyard.client.ModelyardApiException;
import dev.modelyard.client.ModelyardConnectionException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParseResult;

/**
 * Builds the {@code modelyard} command line for a {@link CliContext} and runs it. Exit codes: 0 ok,
 * 1 the API refused (or could not be reached), 2 usage error.
 */
public final class ModelyardCli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_API_ERROR = 1;
    public static final int EXIT_USAGE = 2;

    private ModelyardCli() {}

    /** Runs one command line in this process and returns its exit code. */
    public static int run(CliContext context, String... arguments) {
        return commandLine(context).execute(arguments);
    }

    public static CommandLine commandLine(CliContext context) {
        requireNonNull(context, "context is null");
        ModelyardCommand root = new ModelyardCommand(context);
        CommandLine commandLine = new CommandLine(root, new CommandFactory(root));
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(context.out(), StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(context.err(), StandardCharsets.UTF_8), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new ErrorPrinter());
        return commandLine;
    }

    /** Turns what went wrong into one {@code error: …} line and the exit code. */
    private static final class ErrorPrinter implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
            PrintWriter err = commandLine.getErr();
            if (exception instanceof ModelyardApiException apiError) {
                err.println("error: " + apiError.getMessage() + " (" + apiError.code() + ")");
                printFailedChecks(err, apiError.details().get("failed_checks"));
                err.flush();
                return EXIT_API_ERROR;
            }
            if (exception instanceof CommandFailedException failed) {
                err.println("error: " + failed.getMessage() + " (" + failed.code() + ")");
                err.flush();
                return EXIT_API_ERROR;
            }
            if (exception instanceof CliUsageException usageError) {
                err.println("error: " + usageError.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            if (exception instanceof ModelyardConnectionException || exception instanceof ArtifactIntegrityException) {
                err.println("error: " + exception.getMessage());
                err.flush();
                return EXIT_API_ERROR;
            }
            if (exception instanceof UncheckedIOException ioError) {
                err.println("error: " + ioError.getMessage() + ": "
                        + ioError.getCause().getMessage());
                err.flush();
                return EXIT_API_ERROR;
            }
            err.println("error: " + exception);
            exception.printStackTrace(err);
            err.flush();
            return EXIT_API_ERROR;
        }
    }

    /** The release checks that refused a release, one {@code  - kind (enforcement): message} line each. */
    private static void printFailedChecks(PrintWriter err, Object failedChecks) {
        if (!(failedChecks instanceof List<?> checks)) {
            return;
        }
        for (Object check : checks) {
            if (check instanceof Map<?, ?> fields) {
                Object kind = fields.get("kind");
                Object enforcement = fields.get("enforcement");
                Object message = fields.get("message") != null ? fields.get("message") : fields.get("check");
                err.println("  - " + (kind == null ? "check" : kind)
                        + (enforcement == null ? "" : " (" + enforcement + ")")
                        + (message == null ? "" : ": " + message));
            } else {
                err.println("  - " + check);
            }
        }
    }

    /** Creates commands, handing each the root command so they share its options and context. */
    private static final class CommandFactory implements IFactory {
        private final ModelyardCommand root;
        private final IFactory fallback = CommandLine.defaultFactory();

        CommandFactory(ModelyardCommand root) {
            this.root = root;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ModelyardCommand.class) {
                return type.cast(root);
            }
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(ModelyardCommand.class);
                constructor.setAccessible(true);
                return constructor.newInstance(root);
            } catch (NoSuchMethodException e) {
                return fallback.create(type);
            }
        }
    }
}

package dev.modelyard.cli;

/** The command cannot run as asked (not logged in, bad setting): printed, exit code 2. */
public final class CliUsageException extends RuntimeException {
    public CliUsageException(String message) {
        super(message);
    }

    public CliUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

/**
 * The command ran but what it asked for did not happen (a deployment that failed to load, or was
 * not ready in time): printed as {@code error: message (CODE)}, exit code 1.
 */
public final class CommandFailedException extends RuntimeException {
    private final String code;

    public CommandFailedException(String code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public String code() {
        return code;
    }
}

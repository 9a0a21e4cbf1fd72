package dev.modelyard.core;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** The one unchecked exception of Modelyard: a code, a message a person can act on, and details. */
public class ModelyardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public ModelyardException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public ModelyardException(ErrorCode code, String message, Map<String, Object> details) {
        this(code, message, details, null);
    }

    public ModelyardException(ErrorCode code, String message, Map<String, Object> details, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.details = Map.copyOf(requireNonNull(details, "details is null"));
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}

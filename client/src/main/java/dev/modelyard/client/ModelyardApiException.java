package dev.modelyard.client;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The server answered with a non-2xx status. Carries the HTTP status and the error the server
 * reported ({@code {"error": {"code", "message", "details"}}}); when the body was not that shape
 * (a proxy's HTML page, an empty body), the code is derived from the status instead.
 */
public final class ModelyardApiException extends RuntimeException {
    private final int httpStatus;
    private final String code;
    private final Map<String, Object> details;

    public ModelyardApiException(int httpStatus, String code, String message, Map<String, Object> details) {
        super(requireNonNull(message, "message is null"));
        this.httpStatus = httpStatus;
        this.code = requireNonNull(code, "code is null");
        this.details = Map.copyOf(requireNonNull(details, "details is null"));
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The server's error code, for example {@code MODEL_NOT_FOUND}. */
    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    @Override
    public String toString() {
        return "ModelyardApiException[" + httpStatus + " " + code + ": " + getMessage() + "]";
    }
}

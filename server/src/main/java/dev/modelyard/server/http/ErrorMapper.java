package dev.modelyard.server.http;

import dev.modelyard.api.ErrorResponse;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into the error body and status. Modelyard's own exception
 * carries its code; anything else is an internal error, logged with an id the client is given,
 * and never shows a Java class name or stack trace to the caller.
 */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    /** A status and the body to send with it. */
    public record MappedError(int status, ErrorResponse body) {}

    public MappedError map(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ModelyardException known) {
            return of(known.code(), known.getMessage(), known.details());
        }
        String errorId = UUID.randomUUID().toString();
        log.error("internal error {}", errorId, cause);
        return of(
                ErrorCode.INTERNAL,
                "internal error; the server log has the details under error id " + errorId,
                Map.of("error_id", errorId));
    }

    public static MappedError of(ErrorCode code, String message, Map<String, Object> details) {
        return new MappedError(
                code.httpStatus(), new ErrorResponse(new ErrorResponse.Error(code.name(), message, details)));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}

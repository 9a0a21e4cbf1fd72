package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.time.Duration;
import java.util.Map;

/**
 * The deployment already holds as many requests as its queue capacity allows. Raised at once,
 * without blocking the caller; {@link #retryAfter()} estimates when capacity frees up.
 */
public class EngineOverloadedException extends ModelyardException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public EngineOverloadedException(String deployment, int capacity, Duration retryAfter) {
        super(
                ErrorCode.UNAVAILABLE,
                "deployment '" + deployment + "' is at its capacity of " + capacity
                        + " concurrent requests; retry later",
                Map.of("deployment", deployment, "capacity", capacity, "retryAfterMillis", retryAfter.toMillis()));
        this.retryAfter = requireNonNull(retryAfter, "retryAfter is null");
    }

    /** An estimate of when a retry may succeed: the queued work divided among the workers. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

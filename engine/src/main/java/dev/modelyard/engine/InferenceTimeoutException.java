package dev.modelyard.engine;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.time.Duration;
import java.util.Map;

/**
 * A request took longer than its deployment's request timeout. A request still queued is cancelled
 * and never runs; one already running finishes on its worker and its result is dropped.
 */
public class InferenceTimeoutException extends ModelyardException {
    private static final long serialVersionUID = 1L;

    public InferenceTimeoutException(String deployment, Duration timeout, boolean started) {
        super(
                ErrorCode.UNAVAILABLE,
                "deployment '" + deployment + "' did not answer within " + timeout.toMillis() + " ms"
                        + (started ? "" : " (the request was still queued and was cancelled)"),
                Map.of("deployment", deployment, "timeoutMillis", timeout.toMillis(), "started", started));
    }
}

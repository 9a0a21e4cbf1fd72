package dev.modelyard.engine;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Map;

/**
 * A swap finished loading after a newer swap (or a stop) of the same deployment was asked for; the
 * latest request wins, so this one did not switch the deployment.
 */
public class SwapSupersededException extends ModelyardException {
    private static final long serialVersionUID = 1L;

    public SwapSupersededException(String deployment, String release) {
        super(
                ErrorCode.CONFLICT,
                "serving release '" + release + "' on deployment '" + deployment
                        + "' was superseded by a newer request",
                Map.of("deployment", deployment, "release", release));
    }
}

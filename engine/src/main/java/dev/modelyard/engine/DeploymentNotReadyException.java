package dev.modelyard.engine;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Map;

/** The deployment exists but has no model loaded yet (its first swap is loading or failed). */
public class DeploymentNotReadyException extends ModelyardException {
    private static final long serialVersionUID = 1L;

    public DeploymentNotReadyException(String deployment, String reason) {
        super(
                ErrorCode.UNAVAILABLE,
                "deployment '" + deployment + "' has no model ready: " + reason,
                Map.of("deployment", deployment));
    }
}

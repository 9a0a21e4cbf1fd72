package dev.modelyard.engine;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Map;

/** The engine serves no deployment of that name: never served, or stopped. */
public class DeploymentNotFoundException extends ModelyardException {
    private static final long serialVersionUID = 1L;

    public DeploymentNotFoundException(String deployment) {
        super(
                ErrorCode.NOT_FOUND,
                "deployment '" + deployment + "' is not served here",
                Map.of("deployment", deployment));
    }
}

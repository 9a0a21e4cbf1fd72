package dev.modelyard.engine;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Map;

/**
 * A request addressed a release the deployment does not hold loaded: never served by it, or
 * already released (only the current and a few previous releases stay loaded).
 */
public class ReleaseNotLoadedException extends ModelyardException {
    private static final long serialVersionUID = 1L;

    public ReleaseNotLoadedException(String deployment, String release) {
        super(
                ErrorCode.RELEASE_NOT_FOUND,
                "deployment '" + deployment + "' has no release '" + release + "' loaded",
                Map.of("deployment", deployment, "release", release));
    }
}

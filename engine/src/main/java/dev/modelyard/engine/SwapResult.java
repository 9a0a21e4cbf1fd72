package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A completed switch of a deployment to a target.
 *
 * @param deployment the deployment
 * @param release the release it now serves
 * @param digest the digest of the model serving it
 * @param reusedLoadedModel whether the model was already loaded (by this or another deployment)
 * @param previousRelease the release it served before, if any
 * @param loadTime how long loading took (zero when reused)
 * @param warmupTime how long the warm-up prediction took (zero when reused or skipped)
 */
public record SwapResult(
        String deployment,
        String release,
        String digest,
        boolean reusedLoadedModel,
        Optional<String> previousRelease,
        Duration loadTime,
        Duration warmupTime) {
    public SwapResult {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(release, "release is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(previousRelease, "previousRelease is null");
        requireNonNull(loadTime, "loadTime is null");
        requireNonNull(warmupTime, "warmupTime is null");
    }
}

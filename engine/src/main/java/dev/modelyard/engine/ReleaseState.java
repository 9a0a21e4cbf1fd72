package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One release a deployment serves, has served and still holds, is loading, or failed to load.
 *
 * @param release the release version
 * @param digest the model's digest
 * @param modelVersionId the model version
 * @param loadState loading, loaded or failed
 * @param current whether requests without a release go to it
 * @param failureReason the runtime's message when the load failed
 */
public record ReleaseState(
        String release,
        String digest,
        String modelVersionId,
        LoadState loadState,
        boolean current,
        Optional<String> failureReason) {
    public ReleaseState {
        requireNonNull(release, "release is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(modelVersionId, "modelVersionId is null");
        requireNonNull(loadState, "loadState is null");
        requireNonNull(failureReason, "failureReason is null");
    }
}

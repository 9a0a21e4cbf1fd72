package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.runtime.RuntimeOptions;
import java.util.Map;

/**
 * What a deployment should serve: one release of a model version.
 *
 * @param release the release version users see ({@code 1.4.0}); addresses the release in {@link
 *     InferenceEngine#infer} and in every result
 * @param digest the SHA-256 of the model artifact; the loaded-model cache key, so two deployments
 *     or two releases with the same digest share one loaded model
 * @param modelVersionId the model version's id, reported with every result
 * @param labels free labels for the embedder (objective id, model id, …); the engine only carries them
 * @param runtimeOptions how the runtime should run the model
 */
public record ServingTarget(
        String release,
        String digest,
        String modelVersionId,
        Map<String, String> labels,
        RuntimeOptions runtimeOptions) {
    public ServingTarget {
        requireNonNull(release, "release is null");
        requireNonNull(digest, "digest is null");
        requireNonNull(modelVersionId, "modelVersionId is null");
        labels = Map.copyOf(requireNonNull(labels, "labels is null"));
        requireNonNull(runtimeOptions, "runtimeOptions is null");
        if (release.isBlank()) {
            throw new IllegalArgumentException("release is blank");
        }
        if (digest.isBlank()) {
            throw new IllegalArgumentException("digest is blank");
        }
    }

    /** A target without labels, run with the runtime's default options. */
    public static ServingTarget of(String release, String digest, String modelVersionId) {
        return new ServingTarget(release, digest, modelVersionId, Map.of(), RuntimeOptions.defaults());
    }
}

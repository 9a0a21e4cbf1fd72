package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A dataset an objective evaluates its submissions on, and which of its versions.
 *
 * @param datasetId the dataset's id (a dataset keeps it for life)
 * @param datasetName the dataset's name, for people
 * @param policy pinned to {@code version}, or the newest version
 * @param version the pinned version number; empty with {@link VersionPolicy#LATEST}
 */
public record EvaluationDataset(String datasetId, String datasetName, VersionPolicy policy, Optional<Integer> version) {
    public EvaluationDataset {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(datasetName, "datasetName is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(version, "version is null");
        if ((policy == VersionPolicy.PINNED) != version.isPresent()) {
            throw new IllegalArgumentException("a pinned evaluation dataset names its version, a latest one does not");
        }
    }
}

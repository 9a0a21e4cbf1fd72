package dev.modelyard.core.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Whether a dataset drifted: at least {@link DriftSettings#datasetDriftShare()} of its features did.
 *
 * @param features each feature's result, in the order given
 * @param driftedFeatures how many of them drifted
 * @param shareDrifted {@code driftedFeatures / features.size()}
 * @param threshold the share at which the dataset counts as drifted
 * @param drifted {@code shareDrifted >= threshold}
 */
public record DatasetDrift(
        List<FeatureDrift> features, int driftedFeatures, double shareDrifted, double threshold, boolean drifted) {
    public DatasetDrift {
        features = List.copyOf(requireNonNull(features, "features is null"));
    }

    /** Counts the drifted features and decides at the given share. */
    public static DatasetDrift of(List<FeatureDrift> features, double threshold) {
        requireNonNull(features, "features is null");
        if (features.isEmpty()) {
            throw new IllegalArgumentException("features is empty: dataset drift needs at least one feature");
        }
        int drifted = (int) features.stream().filter(FeatureDrift::drifted).count();
        double share = (double) drifted / features.size();
        return new DatasetDrift(features, drifted, share, threshold, share >= threshold);
    }
}

package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

/**
 * A dataset a model was trained or evaluated on.
 *
 * @param dataset the dataset's name in Modelyard (or any identifier the team uses)
 * @param version the dataset version, or {@code null} when not pinned
 */
public record DatasetReference(String dataset, Integer version) {

    public DatasetReference {
        requireNonNull(dataset, "dataset is null");
        if (dataset.isBlank()) {
            throw new IllegalArgumentException("dataset is blank");
        }
        if (version != null && version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
    }
}

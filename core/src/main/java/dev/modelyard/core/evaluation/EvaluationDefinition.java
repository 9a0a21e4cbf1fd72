package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a caller says about an objective's evaluation, before the datasets are looked up and the
 * filters parsed.
 */
public record EvaluationDefinition(
        List<DatasetChoice> datasets, List<SubsetDefinition> subsets, ScoreMapping scoreMapping) {

    /**
     * An evaluation dataset as requested: a version pins it; {@code policy} may say {@code pinned}
     * without a version (pinning the newest version now) or {@code latest}.
     */
    public record DatasetChoice(String dataset, Optional<VersionPolicy> policy, Optional<Integer> version) {
        public DatasetChoice {
            requireNonNull(dataset, "dataset is null");
            requireNonNull(policy, "policy is null");
            requireNonNull(version, "version is null");
        }
    }

    /** A subset as requested: a name and the filter's text. */
    public record SubsetDefinition(String name, String filter) {
        public SubsetDefinition {
            requireNonNull(name, "name is null");
            requireNonNull(filter, "filter is null");
        }
    }

    public EvaluationDefinition {
        datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
        subsets = List.copyOf(requireNonNull(subsets, "subsets is null"));
        requireNonNull(scoreMapping, "scoreMapping is null");
    }
}

package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How an objective evaluates its submissions: on which datasets (the first one decides the
 * leaderboard's default and the release checks), on which named subsets of their rows, and how
 * the models' outputs are read.
 */
public record EvaluationSettings(List<EvaluationDataset> datasets, List<Subset> subsets, ScoreMapping scoreMapping) {
    public static final int MAX_DATASETS = 10;
    public static final int MAX_SUBSETS = 20;

    public EvaluationSettings {
        datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
        subsets = List.copyOf(requireNonNull(subsets, "subsets is null"));
        requireNonNull(scoreMapping, "scoreMapping is null");
        Set<String> seen = new HashSet<>();
        for (EvaluationDataset dataset : datasets) {
            if (!seen.add(dataset.datasetId())) {
                throw new IllegalArgumentException("dataset '" + dataset.datasetName() + "' is listed twice");
            }
        }
        Set<String> names = new HashSet<>();
        for (Subset subset : subsets) {
            if (!names.add(subset.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("subset '" + subset.name() + "' is listed twice");
            }
        }
    }

    public static EvaluationSettings none() {
        return new EvaluationSettings(List.of(), List.of(), ScoreMapping.defaults());
    }

    /** The dataset release checks and the leaderboard use unless told otherwise. */
    public Optional<EvaluationDataset> primaryDataset() {
        return datasets.stream().findFirst();
    }

    public Optional<EvaluationDataset> dataset(String datasetId) {
        return datasets.stream()
                .filter(dataset -> dataset.datasetId().equals(datasetId))
                .findFirst();
    }

    public Optional<Subset> subset(String name) {
        return subsets.stream()
                .filter(subset -> subset.name().equalsIgnoreCase(name))
                .findFirst();
    }
}

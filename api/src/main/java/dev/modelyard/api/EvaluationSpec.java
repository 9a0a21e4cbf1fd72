package dev.modelyard.api;

import java.util.List;

/**
 * How an objective evaluates its submissions: the evaluation datasets (the first one decides the
 * leaderboard's default and the release checks), named subsets of their rows, and how a model's
 * output becomes scores.
 */
public record EvaluationSpec(
        List<EvaluationDatasetSpec> datasets, List<SubsetSpec> subsets, ScoreMappingSpec scoreMapping) {}

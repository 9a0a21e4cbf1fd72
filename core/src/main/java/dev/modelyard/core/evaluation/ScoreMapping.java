package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How an objective reads its models: which dataset columns feed the model and how a model's
 * output becomes a score or label, declared once for every submission.
 *
 * @param featureColumns the dataset columns forming the model's input, in its order; empty: the
 *     feature names the submission's signature declares
 * @param output the output tensor to read; empty: the model's only output, or the one named
 *     {@code probabilities}/{@code probability}, or the first floating-point output
 * @param scoreColumn binary classification: the column of the output holding the positive class's
 *     probability (default 1 for a two-column output, 0 for one column); regression: the column of
 *     the prediction (default 0)
 * @param threshold binary classification: a row is predicted positive when its score is at least
 *     this (default 0.5)
 * @param positiveLabel binary classification: the label value that means the positive class; empty:
 *     {@code 1} or {@code true}
 * @param classLabels multiclass classification: the label value of each output column, in column
 *     order; empty: the whole numbers 0, 1, 2…
 */
public record ScoreMapping(
        List<String> featureColumns,
        Optional<String> output,
        Optional<Integer> scoreColumn,
        Optional<Double> threshold,
        Optional<String> positiveLabel,
        List<String> classLabels) {
    public static final double DEFAULT_THRESHOLD = 0.5;

    public ScoreMapping {
        featureColumns = List.copyOf(requireNonNull(featureColumns, "featureColumns is null"));
        requireNonNull(output, "output is null");
        requireNonNull(scoreColumn, "scoreColumn is null");
        requireNonNull(threshold, "threshold is null");
        requireNonNull(positiveLabel, "positiveLabel is null");
        classLabels = List.copyOf(requireNonNull(classLabels, "classLabels is null"));
    }

    public static ScoreMapping defaults() {
        return new ScoreMapping(
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    public double effectiveThreshold() {
        return threshold.orElse(DEFAULT_THRESHOLD);
    }
}

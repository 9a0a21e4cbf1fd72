package dev.modelyard.api;

import java.util.List;

/**
 * How an objective reads its models: the dataset columns forming the input (default: the model's
 * own feature names), the output to read, the column of the positive-class probability (binary)
 * or of the prediction (regression), the threshold (binary, default 0.5), the label value of the
 * positive class (binary, default 1/true), and the label of each output column (multiclass,
 * default 0, 1, 2…).
 */
public record ScoreMappingSpec(
        List<String> featureColumns,
        String output,
        Integer scoreColumn,
        Double threshold,
        String positiveLabel,
        List<String> classLabels) {}

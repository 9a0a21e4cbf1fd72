package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a model takes and returns.
 *
 * @param inputs the input tensors, in the model's order
 * @param outputs the output tensors, in the model's order
 * @param featureNames the tabular feature names in input column order; empty when unknown
 */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs, List<String> featureNames) {

    public Signature {
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        featureNames = List.copyOf(requireNonNull(featureNames, "featureNames is null"));
        requireUniqueNames(inputs, "input");
        requireUniqueNames(outputs, "output");
    }

    /** A signature that declares nothing. */
    public static Signature empty() {
        return new Signature(List.of(), List.of(), List.of());
    }

    /** Whether nothing is declared. */
    public boolean isEmpty() {
        return inputs.isEmpty() && outputs.isEmpty() && featureNames.isEmpty();
    }

    /** This signature with other feature names. */
    public Signature withFeatureNames(List<String> names) {
        return new Signature(inputs, outputs, names);
    }

    private static void requireUniqueNames(List<TensorSpec> tensors, String kind) {
        Set<String> seen = new HashSet<>();
        for (TensorSpec tensor : tensors) {
            if (!seen.add(tensor.name())) {
                throw new IllegalArgumentException("duplicate " + kind + " name " + tensor.name());
            }
        }
    }
}

package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * An example request with the outputs the model must produce for it.
 *
 * @param name the scenario's name
 * @param inputs input or feature name to value (free form: numbers, strings, lists)
 * @param expectedOutputs output name to expected value; may be empty
 * @param tolerance the largest absolute difference allowed for numbers, or {@code null} for exact comparison
 */
public record TestScenario(
        String name, Map<String, Object> inputs, Map<String, Object> expectedOutputs, Double tolerance) {

    public TestScenario {
        requireNonNull(name, "name is null");
        inputs = FreeFormValues.copyMap(requireNonNull(inputs, "inputs is null"));
        expectedOutputs = FreeFormValues.copyMap(requireNonNull(expectedOutputs, "expectedOutputs is null"));
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is blank");
        }
        if (tolerance != null && !(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be zero or more, got " + tolerance);
        }
    }
}

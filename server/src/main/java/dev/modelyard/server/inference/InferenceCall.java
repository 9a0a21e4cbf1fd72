package dev.modelyard.server.inference;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.runtime.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One decoded inference request, whatever protocol carried it: the client's id, the input
 * tensors, the outputs wanted (empty: all), and the request parameters.
 */
public record InferenceCall(
        Optional<String> id, List<Tensor> inputs, Set<String> outputs, Map<String, Object> parameters) {
    public InferenceCall {
        requireNonNull(id, "id is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = Set.copyOf(requireNonNull(outputs, "outputs is null"));
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
    }
}

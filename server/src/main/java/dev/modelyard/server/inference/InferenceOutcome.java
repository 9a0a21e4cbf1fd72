package dev.modelyard.server.inference;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.runtime.Tensor;
import java.util.List;

/** What a deployment answered: which release, the request's uuid, and the output tensors. */
public record InferenceOutcome(String deployment, String release, String requestUuid, List<Tensor> outputs) {
    public InferenceOutcome {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(release, "release is null");
        requireNonNull(requestUuid, "requestUuid is null");
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    }
}

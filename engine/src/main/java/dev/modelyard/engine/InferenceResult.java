package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.runtime.Tensor;
import java.util.List;

/**
 * One prediction's outputs and where they came from.
 *
 * @param release the release that answered
 * @param modelVersionId its model version
 * @param outputs the output tensors, in the model's order
 * @param queueNanos from the call to {@link InferenceEngine#infer} until the prediction started
 *     (a few hundred nanoseconds when it ran on the caller's thread)
 * @param computeNanos the runtime's prediction; for a micro-batched request, the whole batch's
 */
public record InferenceResult(
        String release, String modelVersionId, List<Tensor> outputs, long queueNanos, long computeNanos) {
    public InferenceResult {
        requireNonNull(release, "release is null");
        requireNonNull(modelVersionId, "modelVersionId is null");
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    }
}

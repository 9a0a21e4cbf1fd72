package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.runtime.ModelExecutionException;
import dev.modelyard.core.runtime.Tensor;
import java.util.List;
import java.util.Set;

/**
 * One release a deployment holds loaded: its target, its reference on the shared model, its
 * metrics and its compute estimate (per release, so a swap to a slower model starts over).
 */
final class ReleaseSlot {
    private final ServingTarget target;
    private final SharedModel model;
    private final ReleaseMetrics metrics;
    private final ComputeEstimate estimate = new ComputeEstimate();

    ReleaseSlot(ServingTarget target, SharedModel model, ReleaseMetrics metrics) {
        this.target = requireNonNull(target, "target is null");
        this.model = requireNonNull(model, "model is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    ServingTarget target() {
        return target;
    }

    String release() {
        return target.release();
    }

    SharedModel model() {
        return model;
    }

    ReleaseMetrics metrics() {
        return metrics;
    }

    ComputeEstimate estimate() {
        return estimate;
    }

    /** Runs the model; callers hold a reference on it. */
    List<Tensor> predict(List<Tensor> inputs, Set<String> outputs) {
        List<Tensor> result = model.model().predict(inputs, outputs);
        if (result == null) {
            throw new ModelExecutionException("the runtime returned no outputs");
        }
        return result;
    }
}

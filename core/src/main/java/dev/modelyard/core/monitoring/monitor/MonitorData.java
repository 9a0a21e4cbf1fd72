package dev.modelyard.core.monitoring.monitor;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** What monitors read: recorded calls, baseline datasets and model signatures. Methods block. */
public interface MonitorData {
    /**
     * Hands every call the deployment's champion answered (or failed) at or after {@code from} and
     * before {@code to} to {@code consumer}, from every inference history the deployment had, in
     * no particular order.
     *
     * @param withInputs whether {@link CallRecord#input()} is filled (only drift needs it)
     */
    void scanCalls(String deploymentId, Instant from, Instant to, boolean withInputs, Consumer<CallRecord> consumer);

    /**
     * The columns of a dataset version as feature samples: numbers as numeric features, text and
     * booleans as categorical ones.
     *
     * @throws MonitorEvaluationException when the dataset or version does not exist
     */
    FeatureSamples readDataset(String projectId, String datasetName, int version);

    /** The tabular feature names a model version declares; empty when none or unknown. */
    List<String> featureNames(String modelVersionId);
}

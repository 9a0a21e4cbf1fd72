package dev.modelyard.server.monitor;

import dev.modelyard.core.monitoring.monitor.CallRecord;
import dev.modelyard.core.monitoring.monitor.FeatureSamples;
import dev.modelyard.core.monitoring.monitor.MonitorData;
import dev.modelyard.core.monitoring.monitor.MonitorEvaluationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Recorded calls, baseline datasets and signatures held in memory, for one deployment. */
final class TestingMonitorData implements MonitorData {
    private final List<CallRecord> calls = new ArrayList<>();
    private final Map<String, FeatureSamples> datasets = new HashMap<>();
    private final Map<String, List<String>> featureNames = new HashMap<>();
    private int scans;

    TestingMonitorData call(CallRecord call) {
        calls.add(call);
        return this;
    }

    /** An answered call by an anonymous caller. */
    TestingMonitorData answered(Instant at, long latencyMicros, String input) {
        return call(new CallRecord(
                at,
                false,
                latencyMicros,
                Optional.empty(),
                Optional.empty(),
                Optional.of("mv-1"),
                Optional.ofNullable(input)));
    }

    TestingMonitorData failed(Instant at, long latencyMicros) {
        return call(new CallRecord(
                at, true, latencyMicros, Optional.empty(), Optional.empty(), Optional.of("mv-1"), Optional.of("[]")));
    }

    TestingMonitorData dataset(String name, int version, FeatureSamples samples) {
        datasets.put(name + "@" + version, samples);
        return this;
    }

    TestingMonitorData featureNames(String modelVersionId, List<String> names) {
        featureNames.put(modelVersionId, names);
        return this;
    }

    int scans() {
        return scans;
    }

    @Override
    public void scanCalls(
            String deploymentId, Instant from, Instant to, boolean withInputs, Consumer<CallRecord> consumer) {
        scans++;
        for (CallRecord call : calls) {
            if (!call.timestamp().isBefore(from) && call.timestamp().isBefore(to)) {
                consumer.accept(
                        withInputs
                                ? call
                                : new CallRecord(
                                        call.timestamp(),
                                        call.failed(),
                                        call.latencyMicros(),
                                        call.userId(),
                                        call.apiKeyId(),
                                        call.modelVersionId(),
                                        Optional.empty()));
            }
        }
    }

    @Override
    public FeatureSamples readDataset(String projectId, String datasetName, int version) {
        FeatureSamples samples = datasets.get(datasetName + "@" + version);
        if (samples == null) {
            throw new MonitorEvaluationException("the baseline dataset '" + datasetName + "' no longer exists");
        }
        return samples;
    }

    @Override
    public List<String> featureNames(String modelVersionId) {
        return featureNames.getOrDefault(modelVersionId, List.of());
    }
}

package dev.modelyard.core.history;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What an owner asks for when creating a history.
 *
 * @param dataset the new dataset's name; empty: {@code <deployment>-history}
 * @param samplingRate the share of calls recorded; empty: all
 * @param redactedFields input names whose values are stored only as their SHA-256
 * @param durable spool each call to local disk before answering
 */
public record HistorySettings(
        Optional<String> dataset, Optional<Double> samplingRate, List<String> redactedFields, boolean durable) {
    public HistorySettings {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(samplingRate, "samplingRate is null");
        redactedFields = List.copyOf(requireNonNull(redactedFields, "redactedFields is null"));
    }
}

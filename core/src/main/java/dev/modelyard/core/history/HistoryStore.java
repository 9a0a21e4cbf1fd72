package dev.modelyard.core.history;

import java.util.List;
import java.util.Optional;

/** Persistence of inference histories, bound to the caller's transaction. */
public interface HistoryStore {
    /**
     * Inserts a history; {@link dev.modelyard.core.ErrorCode#ALREADY_EXISTS} when the deployment
     * already has one that is not removed.
     */
    void insertHistory(InferenceHistory history);

    /** Changes state and {@code updatedAt}; the rest of a history never changes. */
    void updateHistory(InferenceHistory history);

    /** The deployment's history that is recording or paused, if any. */
    Optional<InferenceHistory> findCurrentHistory(String deploymentId);

    /** Every history the deployment had, newest first (removed ones too). */
    List<InferenceHistory> listHistories(String deploymentId);

    /** The history (removed or not) writing to this dataset, if any. */
    Optional<InferenceHistory> findHistoryByDataset(String datasetId);

    /** Every history that is recording or paused, of every deployment (for the writers). */
    List<InferenceHistory> listCurrentHistories();
}

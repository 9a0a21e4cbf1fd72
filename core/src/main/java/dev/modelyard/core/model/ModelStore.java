package dev.modelyard.core.model;

import dev.modelyard.core.PageRequest;
import java.util.List;
import java.util.Optional;

/** Models and model versions. Implementations run inside the caller's transaction. */
public interface ModelStore {
    /** Inserts a model; throws {@link dev.modelyard.core.ErrorCode#ALREADY_EXISTS} on a name taken in the project. */
    void insertModel(Model model);

    Optional<Model> findModel(String projectId, String name);

    /** Models of a project sorted by name after {@code page.after()}, at most {@code page.maxResults() + 1}. */
    List<Model> listModels(String projectId, PageRequest page);

    long countModels(String projectId);

    /** Deletes the model and its version rows (artifacts stay in the content-addressed blob store). */
    void deleteModel(String modelId);

    /**
     * Reserves the next version number of a model. Must be called inside the transaction that
     * inserts the version: concurrent callers get distinct numbers, and a rolled-back transaction
     * gives its number back, so numbers never repeat and never leave a gap.
     */
    int reserveNextVersionNumber(String modelId);

    void insertVersion(ModelVersion version);

    Optional<ModelVersion> findVersion(String modelId, int number);

    /**
     * Versions sorted by number ascending; {@code page.after()} holds a version number; at most
     * {@code page.maxResults() + 1}. {@code page.nameContains()} is ignored.
     */
    List<ModelVersion> listVersions(String modelId, PageRequest page);

    /** How many version rows in any model reference this artifact digest. */
    long countVersionsWithDigest(String digest);
}

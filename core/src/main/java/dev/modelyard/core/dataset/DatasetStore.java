package dev.modelyard.core.dataset;

import dev.modelyard.core.PageRequest;
import java.util.List;
import java.util.Optional;

/** Datasets and dataset versions. Implementations run inside the caller's transaction. */
public interface DatasetStore {
    /** Inserts a dataset; throws {@link dev.modelyard.core.ErrorCode#ALREADY_EXISTS} on a name taken in the project. */
    void insertDataset(Dataset dataset);

    Optional<Dataset> findDataset(String projectId, String name);

    Optional<Dataset> findDatasetById(String datasetId);

    /** Datasets of a project sorted by name after {@code page.after()}, at most {@code page.maxResults() + 1}. */
    List<Dataset> listDatasets(String projectId, PageRequest page);

    /**
     * Reserves the next version number of a dataset. Must be called inside the transaction that
     * inserts the version: concurrent callers get distinct numbers, and a rolled-back transaction
     * gives its number back, so numbers never repeat and never leave a gap.
     */
    int reserveNextVersionNumber(String datasetId);

    void insertVersion(DatasetVersion version);

    Optional<DatasetVersion> findVersion(String datasetId, int number);

    /** The version with the highest number, if any. */
    Optional<DatasetVersion> findLatestVersion(String datasetId);

    /**
     * Versions sorted by number ascending; {@code page.after()} holds a version number; at most
     * {@code page.maxResults() + 1}. {@code page.nameContains()} is ignored.
     */
    List<DatasetVersion> listVersions(String datasetId, PageRequest page);

    /** How many dataset versions (of any dataset) have this Parquet file as their own file. */
    long countVersionsWithDigest(String digest);
}

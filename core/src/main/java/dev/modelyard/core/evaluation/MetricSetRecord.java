package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.evaluation.metrics.MetricSet;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stored metric set: the metrics of one submission on one dataset version, for all rows or for
 * one subset. It keeps pointing at the version it was computed on when the dataset gets newer
 * versions.
 *
 * @param subset the subset's name; empty for all rows
 * @param jobId the evaluation job that computed it; empty for an ad hoc set
 * @param rowCount rows the metrics were computed over (after the subset's filter)
 */
public record MetricSetRecord(
        String id,
        String objectiveId,
        String submissionId,
        String datasetId,
        String datasetVersionId,
        int datasetVersionNumber,
        Optional<String> subset,
        MetricSource source,
        Optional<String> jobId,
        long rowCount,
        MetricSet metrics,
        List<MetricImage> images,
        UserRef createdBy,
        Instant createdAt) {
    public MetricSetRecord {
        requireNonNull(id, "id is null");
        requireNonNull(objectiveId, "objectiveId is null");
        requireNonNull(submissionId, "submissionId is null");
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(datasetVersionId, "datasetVersionId is null");
        requireNonNull(subset, "subset is null");
        requireNonNull(source, "source is null");
        requireNonNull(jobId, "jobId is null");
        requireNonNull(metrics, "metrics is null");
        images = List.copyOf(requireNonNull(images, "images is null"));
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}

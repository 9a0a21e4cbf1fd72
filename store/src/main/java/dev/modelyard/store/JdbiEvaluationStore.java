package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.core.evaluation.EvaluationJob;
import dev.modelyard.core.evaluation.EvaluationStore;
import dev.modelyard.core.evaluation.JobStatus;
import dev.modelyard.core.evaluation.JobTrigger;
import dev.modelyard.core.evaluation.MetricImage;
import dev.modelyard.core.evaluation.MetricSetRecord;
import dev.modelyard.core.evaluation.MetricSource;
import dev.modelyard.core.evaluation.metrics.Chart;
import dev.modelyard.core.evaluation.metrics.MetricSet;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Evaluation jobs and metric sets in the {@code evaluation_jobs} and {@code metric_sets} tables, on
 * one handle. Statuses, triggers and sources are kept by their lowercase id.
 *
 * <p>Workers on several servers share one database, so every change of a job's status names the
 * status it expects ({@code WHERE status = 'queued'}, {@code WHERE status = 'running' AND worker =
 * ?}) and counts the rows it changed: of two workers racing for one job, one changes it and the
 * other sees nothing changed.
 *
 * <p>A metric set's metrics are one JSON object: {@code {"values": {"roc_auc": 0.91}, "undefined":
 * {"f1": "no positive predictions"}, "charts": {"roc_curve": {"kind": "line", "series": [{"name":
 * "fpr", "values": [0.0, 0.5, 1.0]}]}}, "confusion_matrix": [[50, 3], [4, 43]]}}. Numbers are
 * written with as many digits as it takes to read back the same double; non-finite ones, which JSON
 * has no numbers for, as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}. Images
 * are a JSON array of {@code {"name", "digest", "size_bytes"}}.
 */
public final class JdbiEvaluationStore implements EvaluationStore {
    private static final String JOB_COLUMNS = "j.id, j.objective_id, j.submission_id, j.dataset_id,"
            + " j.dataset_version_id, j.dataset_version_number, j.trigger_kind, j.status, j.attempt, j.rows_done,"
            + " j.rows_total, j.error, j.worker, j.heartbeat_at, j.requested_by, ru.name AS requested_by_name,"
            + " j.created_at, j.started_at, j.finished_at";
    private static final String JOB_FROM = " FROM evaluation_jobs j JOIN users ru ON ru.id = j.requested_by";
    private static final String METRIC_SET_COLUMNS = "m.id, m.objective_id, m.submission_id, m.dataset_id,"
            + " m.dataset_version_id, m.dataset_version_number, m.subset, m.source, m.job_id, m.row_count,"
            + " m.metrics_json, m.images_json, m.created_by, cu.name AS created_by_name, m.created_at";
    private static final String METRIC_SET_FROM = " FROM metric_sets m JOIN users cu ON cu.id = m.created_by";

    private static final RowMapper<EvaluationJob> JOB = (row, context) -> new EvaluationJob(
            row.getString("id"),
            row.getString("objective_id"),
            row.getString("submission_id"),
            row.getString("dataset_id"),
            row.getString("dataset_version_id"),
            row.getInt("dataset_version_number"),
            JobTrigger.fromId(row.getString("trigger_kind")),
            JobStatus.fromId(row.getString("status")),
            row.getInt("attempt"),
            row.getLong("rows_done"),
            row.getLong("rows_total"),
            Optional.ofNullable(row.getString("error")),
            Optional.ofNullable(row.getString("worker")),
            EpochMicros.optionalColumn(row, "heartbeat_at"),
            new UserRef(row.getString("requested_by"), row.getString("requested_by_name")),
            EpochMicros.column(row, "created_at"),
            EpochMicros.optionalColumn(row, "started_at"),
            EpochMicros.optionalColumn(row, "finished_at"));

    private final Handle handle;
    private final JsonColumns json;
    private final RowMapper<MetricSetRecord> metricSetMapper;

    public JdbiEvaluationStore(Handle handle) {
        this(handle, new JsonColumns());
    }

    JdbiEvaluationStore(Handle handle, JsonColumns json) {
        this.handle = requireNonNull(handle, "handle is null");
        this.json = requireNonNull(json, "json is null");
        this.metricSetMapper = (row, context) -> new MetricSetRecord(
                row.getString("id"),
                row.getString("objective_id"),
                row.getString("submission_id"),
                row.getString("dataset_id"),
                row.getString("dataset_version_id"),
                row.getInt("dataset_version_number"),
                Optional.ofNullable(row.getString("subset")),
                MetricSource.fromId(row.getString("source")),
                Optional.ofNullable(row.getString("job_id")),
                row.getLong("row_count"),
                readMetrics(row.getString("metrics_json")),
                readImages(row.getString("images_json")),
                new UserRef(row.getString("created_by"), row.getString("created_by_name")),
                EpochMicros.column(row, "created_at"));
    }

    // ---------------------------------------------------------------- jobs

    @Override
    public void insertJob(EvaluationJob job) {
        handle.createUpdate(
                        """
                        INSERT INTO evaluation_jobs (id, objective_id, submission_id, dataset_id, dataset_version_id,
                            dataset_version_number, trigger_kind, status, attempt, rows_done, rows_total, error,
                            worker, heartbeat_at, requested_by, created_at, started_at, finished_at)
                        VALUES (:id, :objectiveId, :submissionId, :datasetId, :datasetVersionId,
                            :datasetVersionNumber, :trigger, :status, :attempt, :rowsDone, :rowsTotal, :error,
                            :worker, :heartbeatAt, :requestedBy, :createdAt, :startedAt, :finishedAt)
                        """)
                .bind("id", job.id())
                .bind("objectiveId", job.objectiveId())
                .bind("submissionId", job.submissionId())
                .bind("datasetId", job.datasetId())
                .bind("datasetVersionId", job.datasetVersionId())
                .bind("datasetVersionNumber", job.datasetVersionNumber())
                .bind("trigger", job.trigger().id())
                .bind("status", job.status().id())
                .bind("attempt", job.attempt())
                .bind("rowsDone", job.rowsDone())
                .bind("rowsTotal", job.rowsTotal())
                .bindByType("error", job.error().orElse(null), String.class)
                .bindByType("worker", job.worker().orElse(null), String.class)
                .bindByType("heartbeatAt", job.heartbeatAt().orElse(null), Instant.class)
                .bind("requestedBy", job.requestedBy().id())
                .bind("createdAt", job.createdAt())
                .bindByType("startedAt", job.startedAt().orElse(null), Instant.class)
                .bindByType("finishedAt", job.finishedAt().orElse(null), Instant.class)
                .execute();
    }

    @Override
    public Optional<EvaluationJob> findJob(String jobId) {
        return handle.createQuery("SELECT " + JOB_COLUMNS + JOB_FROM + " WHERE j.id = :id")
                .bind("id", jobId)
                .map(JOB)
                .findOne();
    }

    @Override
    public List<EvaluationJob> listJobs(String objectiveId, Optional<String> submissionId, int limit) {
        String sql = "SELECT " + JOB_COLUMNS + JOB_FROM + " WHERE j.objective_id = :objectiveId"
                + (submissionId.isPresent() ? " AND j.submission_id = :submissionId" : "")
                + " ORDER BY j.created_at DESC, j.id DESC LIMIT :limit";
        Query query = handle.createQuery(sql).bind("objectiveId", objectiveId).bind("limit", Math.max(limit, 0));
        submissionId.ifPresent(id -> query.bind("submissionId", id));
        return query.map(JOB).list();
    }

    @Override
    public boolean hasUnfinishedJob(String submissionId, String datasetVersionId) {
        long unfinished = handle.createQuery(
                        """
                        SELECT COUNT(*) FROM evaluation_jobs
                        WHERE submission_id = :submissionId AND dataset_version_id = :datasetVersionId
                            AND status IN ('queued', 'running')
                        """)
                .bind("submissionId", submissionId)
                .bind("datasetVersionId", datasetVersionId)
                .mapTo(Long.class)
                .one();
        return unfinished > 0;
    }

    /**
     * Takes the oldest queued job with an update that only succeeds while the job is still queued.
     * When another worker took it first (PostgreSQL: the update waits for that worker's
     * transaction, then finds the job running), the next oldest is tried, until none is left.
     */
    @Override
    public Optional<EvaluationJob> claimNextJob(String worker, Instant now) {
        requireNonNull(worker, "worker is null");
        requireNonNull(now, "now is null");
        while (true) {
            Optional<String> candidate = handle.createQuery(
                            "SELECT id FROM evaluation_jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1")
                    .mapTo(String.class)
                    .findOne();
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            int claimed = handle.createUpdate(
                            """
                            UPDATE evaluation_jobs SET status = 'running', worker = :worker, attempt = attempt + 1,
                                heartbeat_at = :now, started_at = :now, rows_done = 0
                            WHERE id = :id AND status = 'queued'
                            """)
                    .bind("worker", worker)
                    .bind("now", now)
                    .bind("id", candidate.get())
                    .execute();
            if (claimed == 1) {
                return findJob(candidate.get());
            }
            // another worker claimed it between the query and the update
        }
    }

    @Override
    public boolean heartbeat(String jobId, String worker, long rowsDone, Instant now) {
        int updated = handle.createUpdate(
                        """
                        UPDATE evaluation_jobs SET rows_done = :rowsDone, heartbeat_at = :now
                        WHERE id = :id AND status = 'running' AND worker = :worker
                        """)
                .bind("rowsDone", rowsDone)
                .bind("now", requireNonNull(now, "now is null"))
                .bind("id", jobId)
                .bind("worker", worker)
                .execute();
        return updated == 1;
    }

    /** Keeps the worker and its last heartbeat, so a finished job still shows who ran it. */
    @Override
    public boolean finishJob(String jobId, String worker, JobStatus status, Optional<String> error, Instant now) {
        if (!status.finished()) {
            throw new IllegalArgumentException("a job finishes as succeeded or failed, not " + status.id());
        }
        int updated = handle.createUpdate(
                        """
                        UPDATE evaluation_jobs SET status = :status, error = :error, finished_at = :now
                        WHERE id = :id AND status = 'running' AND worker = :worker
                        """)
                .bind("status", status.id())
                .bindByType("error", error.orElse(null), String.class)
                .bind("now", requireNonNull(now, "now is null"))
                .bind("id", jobId)
                .bind("worker", worker)
                .execute();
        return updated == 1;
    }

    /**
     * A job queued again loses its worker and heartbeat and keeps {@code reason} as its error, so
     * people see why it ran again; a failed one keeps its last worker and heartbeat. Each job is
     * changed only while it is still running on the stale heartbeat and attempt read here, so a
     * heartbeat arriving meanwhile keeps the job with its worker. Returns the jobs oldest first.
     */
    @Override
    public List<EvaluationJob> recoverStaleJobs(Instant staleBefore, int maxAttempts, String reason, Instant now) {
        requireNonNull(staleBefore, "staleBefore is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(now, "now is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        List<EvaluationJob> stale = handle.createQuery("SELECT " + JOB_COLUMNS + JOB_FROM
                        + " WHERE j.status = 'running' AND j.heartbeat_at < :staleBefore"
                        + " ORDER BY j.created_at, j.id")
                .bind("staleBefore", staleBefore)
                .map(JOB)
                .list();
        List<EvaluationJob> recovered = new ArrayList<>();
        for (EvaluationJob job : stale) {
            boolean taken = job.attempt() < maxAttempts
                    ? queueAgain(job, staleBefore, reason)
                    : failStale(job, staleBefore, reason, now);
            if (taken) {
                findJob(job.id()).ifPresent(recovered::add);
            }
        }
        return recovered;
    }

    private boolean queueAgain(EvaluationJob job, Instant staleBefore, String reason) {
        int updated = handle.createUpdate(
                        """
                        UPDATE evaluation_jobs SET status = 'queued', worker = NULL, heartbeat_at = NULL,
                            error = :reason
                        WHERE id = :id AND status = 'running' AND heartbeat_at < :staleBefore AND attempt = :attempt
                        """)
                .bind("reason", reason)
                .bind("id", job.id())
                .bind("staleBefore", staleBefore)
                .bind("attempt", job.attempt())
                .execute();
        return updated == 1;
    }

    private boolean failStale(EvaluationJob job, Instant staleBefore, String reason, Instant now) {
        int updated = handle.createUpdate(
                        """
                        UPDATE evaluation_jobs SET status = 'failed', error = :reason, finished_at = :now
                        WHERE id = :id AND status = 'running' AND heartbeat_at < :staleBefore AND attempt = :attempt
                        """)
                .bind("reason", reason)
                .bind("now", now)
                .bind("id", job.id())
                .bind("staleBefore", staleBefore)
                .bind("attempt", job.attempt())
                .execute();
        return updated == 1;
    }

    @Override
    public int failUnfinishedJobs(String submissionId, String reason, Instant now) {
        return handle.createUpdate(
                        """
                        UPDATE evaluation_jobs SET status = 'failed', error = :reason, finished_at = :now
                        WHERE submission_id = :submissionId AND status IN ('queued', 'running')
                        """)
                .bind("reason", requireNonNull(reason, "reason is null"))
                .bind("now", requireNonNull(now, "now is null"))
                .bind("submissionId", submissionId)
                .execute();
    }

    // ---------------------------------------------------------------- metric sets

    /** Throws {@link IllegalArgumentException} for a set of another submission or version, or an ad hoc one. */
    @Override
    public void replaceEvaluatedMetricSets(
            String submissionId, String datasetVersionId, List<MetricSetRecord> metricSets) {
        for (MetricSetRecord metricSet : metricSets) {
            if (!metricSet.submissionId().equals(submissionId)
                    || !metricSet.datasetVersionId().equals(datasetVersionId)
                    || metricSet.source() != MetricSource.EVALUATION) {
                throw new IllegalArgumentException("metric set " + metricSet.id()
                        + " is not an evaluation of submission " + submissionId + " on dataset version "
                        + datasetVersionId);
            }
        }
        handle.createUpdate(
                        """
                        DELETE FROM metric_sets
                        WHERE submission_id = :submissionId AND dataset_version_id = :datasetVersionId
                            AND source = 'evaluation'
                        """)
                .bind("submissionId", submissionId)
                .bind("datasetVersionId", datasetVersionId)
                .execute();
        metricSets.forEach(this::insertMetricSet);
    }

    @Override
    public void insertMetricSet(MetricSetRecord metricSet) {
        handle.createUpdate(
                        """
                        INSERT INTO metric_sets (id, objective_id, submission_id, dataset_id, dataset_version_id,
                            dataset_version_number, subset, source, job_id, row_count, metrics_json, images_json,
                            created_by, created_at)
                        VALUES (:id, :objectiveId, :submissionId, :datasetId, :datasetVersionId,
                            :datasetVersionNumber, :subset, :source, :jobId, :rowCount, :metricsJson, :imagesJson,
                            :createdBy, :createdAt)
                        """)
                .bind("id", metricSet.id())
                .bind("objectiveId", metricSet.objectiveId())
                .bind("submissionId", metricSet.submissionId())
                .bind("datasetId", metricSet.datasetId())
                .bind("datasetVersionId", metricSet.datasetVersionId())
                .bind("datasetVersionNumber", metricSet.datasetVersionNumber())
                .bindByType("subset", metricSet.subset().orElse(null), String.class)
                .bind("source", metricSet.source().id())
                .bindByType("jobId", metricSet.jobId().orElse(null), String.class)
                .bind("rowCount", metricSet.rowCount())
                .bind("metricsJson", writeMetrics(metricSet.metrics()))
                .bind("imagesJson", writeImages(metricSet.images()))
                .bind("createdBy", metricSet.createdBy().id())
                .bind("createdAt", metricSet.createdAt())
                .execute();
    }

    @Override
    public Optional<MetricSetRecord> findMetricSet(String metricSetId) {
        return handle.createQuery("SELECT " + METRIC_SET_COLUMNS + METRIC_SET_FROM + " WHERE m.id = :id")
                .bind("id", metricSetId)
                .map(metricSetMapper)
                .findOne();
    }

    @Override
    public List<MetricSetRecord> listMetricSets(String submissionId) {
        return handle.createQuery("SELECT " + METRIC_SET_COLUMNS + METRIC_SET_FROM
                        + " WHERE m.submission_id = :submissionId ORDER BY m.created_at DESC, m.id DESC")
                .bind("submissionId", submissionId)
                .map(metricSetMapper)
                .list();
    }

    /** Compares subset names exactly: callers pass the name as the objective's settings spell it. */
    @Override
    public List<MetricSetRecord> listMetricSets(String objectiveId, String datasetVersionId, Optional<String> subset) {
        String sql = "SELECT " + METRIC_SET_COLUMNS + METRIC_SET_FROM
                + " WHERE m.objective_id = :objectiveId AND m.dataset_version_id = :datasetVersionId"
                + (subset.isPresent() ? " AND m.subset = :subset" : " AND m.subset IS NULL")
                + " ORDER BY m.created_at DESC, m.id DESC";
        Query query =
                handle.createQuery(sql).bind("objectiveId", objectiveId).bind("datasetVersionId", datasetVersionId);
        subset.ifPresent(name -> query.bind("subset", name));
        return query.map(metricSetMapper).list();
    }

    // ---------------------------------------------------------------- JSON of metrics and images

    private String writeMetrics(MetricSet metrics) {
        Map<String, Object> values = new LinkedHashMap<>();
        metrics.values().forEach((name, value) -> values.put(name, number(value)));
        Map<String, Object> charts = new LinkedHashMap<>();
        metrics.charts().forEach((name, chart) -> {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("kind", chart.kind());
            object.put(
                    "series",
                    chart.series().stream()
                            .map(series -> {
                                Map<String, Object> entry = new LinkedHashMap<>();
                                entry.put("name", series.name());
                                entry.put("values", numbers(series.values()));
                                return entry;
                            })
                            .toList());
            charts.put(name, object);
        });
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("values", values);
        document.put("undefined", metrics.undefined());
        document.put("charts", charts);
        document.put("confusion_matrix", metrics.confusionMatrix());
        return json.write(document);
    }

    private MetricSet readMetrics(String text) {
        JsonNode document = json.readTree(text);
        Map<String, Double> values = new LinkedHashMap<>();
        document.path("values").properties().forEach(entry -> values.put(entry.getKey(), number(entry.getValue())));
        Map<String, String> undefined = new LinkedHashMap<>();
        document.path("undefined")
                .properties()
                .forEach(entry -> undefined.put(entry.getKey(), entry.getValue().asText()));
        Map<String, Chart> charts = new LinkedHashMap<>();
        document.path("charts").properties().forEach(entry -> {
            JsonNode chart = entry.getValue();
            List<Chart.Series> series = new ArrayList<>();
            for (JsonNode one : chart.path("series")) {
                series.add(new Chart.Series(one.path("name").asText(), numbers(one.path("values"))));
            }
            charts.put(entry.getKey(), new Chart(chart.path("kind").asText(), series));
        });
        JsonNode matrix = document.path("confusion_matrix");
        long[][] confusionMatrix = new long[matrix.size()][];
        for (int row = 0; row < matrix.size(); row++) {
            JsonNode counts = matrix.get(row);
            confusionMatrix[row] = new long[counts.size()];
            for (int column = 0; column < counts.size(); column++) {
                confusionMatrix[row][column] = counts.get(column).longValue();
            }
        }
        return new MetricSet(values, undefined, charts, confusionMatrix);
    }

    /** A finite double as itself, which JSON writes exactly; others as the text Double.parseDouble reads. */
    private static Object number(double value) {
        return Double.isFinite(value) ? value : Double.toString(value);
    }

    private static List<Object> numbers(double[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(number(value));
        }
        return list;
    }

    private static double number(JsonNode node) {
        return node.isTextual() ? Double.parseDouble(node.textValue()) : node.doubleValue();
    }

    private static double[] numbers(JsonNode array) {
        double[] values = new double[array.size()];
        for (int index = 0; index < values.length; index++) {
            values[index] = number(array.get(index));
        }
        return values;
    }

    private String writeImages(List<MetricImage> images) {
        return json.write(images.stream()
                .map(image -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", image.name());
                    entry.put("digest", image.digest());
                    entry.put("size_bytes", image.sizeBytes());
                    return entry;
                })
                .toList());
    }

    private List<MetricImage> readImages(String text) {
        return json.readObjects(text).stream()
                .map(entry -> new MetricImage(
                        (String) entry.get("name"),
                        (String) entry.get("digest"),
                        ((Number) entry.get("size_bytes")).longValue()))
                .toList();
    }
}

package dev.modelyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.DataFile;
import dev.modelyard.core.dataset.Dataset;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.SourceFormat;
import dev.modelyard.core.dataset.TableSchema;
import dev.modelyard.core.dataset.VersionMode;
import dev.modelyard.core.evaluation.EvaluationJob;
import dev.modelyard.core.evaluation.EvaluationSettings;
import dev.modelyard.core.evaluation.JobStatus;
import dev.modelyard.core.evaluation.JobTrigger;
import dev.modelyard.core.evaluation.MetricImage;
import dev.modelyard.core.evaluation.MetricSetRecord;
import dev.modelyard.core.evaluation.MetricSource;
import dev.modelyard.core.evaluation.metrics.Chart;
import dev.modelyard.core.evaluation.metrics.MetricSet;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.objective.Metric;
import dev.modelyard.core.objective.MetricDirection;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.TaskType;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.submission.SubmissionStatus;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.User;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of the evaluation store (jobs and metric sets), run against SQLite and PostgreSQL.
 * One database per test class; every test makes its own user, project, objective, dataset and
 * submission.
 *
 * <p>The job queue is one for the whole database, so the tests that claim from it or recover from
 * it keep apart from the others by time: the jobs they claim were queued long ago (older than every
 * other test's jobs, which are queued {@link #NOW}), and the heartbeats they recover are long past
 * (every other running job beats at {@link #NOW}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractEvaluationStoreTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final Instant LONG_AGO = Instant.parse("2001-01-01T00:00:00Z");
    private static final TableSchema SCHEMA = new TableSchema(
            List.of(new Column("tenure_months", ColumnType.BIGINT), new Column("label", ColumnType.BIGINT)));

    private Database database;
    private Transactions tx;

    /** Opens the database of this test class. */
    protected abstract Database openDatabase();

    /** Releases what {@link #openDatabase()} needed, after the database is closed. */
    protected void releaseDatabase() {}

    @BeforeAll
    final void openTestDatabase() {
        database = openDatabase();
        tx = database.transactions();
    }

    @AfterAll
    final void closeTestDatabase() {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            releaseDatabase();
        }
    }

    protected final Database database() {
        return database;
    }

    // ---------------------------------------------------------------- jobs

    @Test
    void jobsRoundTripEveryFieldAndOptional() {
        Fixture f = fixture();
        EvaluationJob queued = EvaluationJob.queued(
                newId(),
                f.objective().id(),
                f.submission().id(),
                f.dataset().id(),
                f.version().id(),
                f.version().number(),
                f.version().rowCount(),
                JobTrigger.SUBMISSION,
                f.ref(),
                NOW);
        EvaluationJob finished = new EvaluationJob(
                newId(),
                f.objective().id(),
                f.submission().id(),
                f.dataset().id(),
                f.version().id(),
                f.version().number(),
                JobTrigger.NEW_DATASET_VERSION,
                JobStatus.FAILED,
                3,
                1_234_567_890_123L,
                9_876_543_210_987L,
                Optional.of("the model needs column 'age', which the dataset lacks"),
                Optional.of("server-1/worker-2"),
                Optional.of(NOW.plusSeconds(10)),
                f.ref(),
                NOW.plusSeconds(1),
                Optional.of(NOW.plusSeconds(2)),
                Optional.of(NOW.plusSeconds(11)));
        write(s -> {
            s.evaluations().insertJob(queued);
            s.evaluations().insertJob(finished);
        });

        assertThat(tx.read((Stores s) -> s.evaluations().findJob(queued.id()))).contains(queued);
        assertThat(tx.read((Stores s) -> s.evaluations().findJob(finished.id())))
                .contains(finished);
        assertThat(tx.read((Stores s) -> s.evaluations().findJob(newId()))).isEmpty();
    }

    @Test
    void jobsAreListedNewestFirstPerObjectiveOrSubmission() {
        Fixture f = fixture();
        Submission second = createSubmission(f, 2);
        String tiePrefix = "job-" + suffix();
        EvaluationJob oldest = job(f, f.submission(), newId(), NOW.minusSeconds(60));
        EvaluationJob tieFirst = job(f, second, tiePrefix + "-a", NOW);
        EvaluationJob tieSecond = job(f, f.submission(), tiePrefix + "-b", NOW);
        EvaluationJob newest = job(f, second, newId(), NOW.plusSeconds(60));
        Fixture other = fixture();
        EvaluationJob elsewhere = job(other, other.submission(), newId(), NOW);
        write(s -> List.of(tieFirst, oldest, newest, tieSecond, elsewhere)
                .forEach(job -> s.evaluations().insertJob(job)));

        assertThat(tx.read((Stores s) -> s.evaluations().listJobs(f.objective().id(), Optional.empty(), 10)))
                .containsExactly(newest, tieSecond, tieFirst, oldest);
        assertThat(tx.read((Stores s) -> s.evaluations().listJobs(f.objective().id(), Optional.empty(), 2)))
                .containsExactly(newest, tieSecond);
        assertThat(tx.read((Stores s) -> s.evaluations().listJobs(f.objective().id(), Optional.of(second.id()), 10)))
                .containsExactly(newest, tieFirst);
        assertThat(tx.read((Stores s) -> s.evaluations()
                        .listJobs(
                                f.objective().id(),
                                Optional.of(other.submission().id()),
                                10)))
                .isEmpty();
    }

    @Test
    void onlyQueuedAndRunningJobsAreUnfinished() {
        Fixture f = fixture();
        DatasetVersion otherVersion = createVersion(f, 2);
        EvaluationJob done = withStatus(job(f, f.submission(), newId(), NOW), JobStatus.SUCCEEDED);
        write(s -> s.evaluations().insertJob(done));

        assertThat(hasUnfinishedJob(f, f.version())).isFalse();

        EvaluationJob queued = job(f, f.submission(), newId(), NOW);
        write(s -> s.evaluations().insertJob(queued));
        assertThat(hasUnfinishedJob(f, f.version())).isTrue();
        assertThat(hasUnfinishedJob(f, otherVersion)).isFalse();

        write(s -> s.evaluations().failUnfinishedJobs(f.submission().id(), "withdrawn", NOW));
        write(s -> s.evaluations().insertJob(running(f, "worker-a", NOW)));
        assertThat(hasUnfinishedJob(f, f.version())).isTrue();
    }

    @Test
    void theOldestQueuedJobIsClaimedFirstAndBecomesRunning() {
        Fixture f = fixture();
        Instant claimedAt = NOW.plusSeconds(5);
        EvaluationJob second = job(f, f.submission(), newId(), LONG_AGO.plusSeconds(2));
        EvaluationJob first = job(f, f.submission(), newId(), LONG_AGO.plusSeconds(1));
        EvaluationJob third = job(f, f.submission(), newId(), LONG_AGO.plusSeconds(3));
        write(s -> List.of(second, first, third).forEach(job -> s.evaluations().insertJob(job)));

        List<EvaluationJob> claimed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            claimed.add(tx.inTransaction((Stores s) -> s.evaluations().claimNextJob("worker-1", claimedAt))
                    .orElseThrow());
        }

        assertThat(claimed).extracting(EvaluationJob::id).containsExactly(first.id(), second.id(), third.id());
        assertThat(claimed.get(0))
                .isEqualTo(new EvaluationJob(
                        first.id(),
                        first.objectiveId(),
                        first.submissionId(),
                        first.datasetId(),
                        first.datasetVersionId(),
                        first.datasetVersionNumber(),
                        first.trigger(),
                        JobStatus.RUNNING,
                        1,
                        0,
                        first.rowsTotal(),
                        Optional.empty(),
                        Optional.of("worker-1"),
                        Optional.of(claimedAt),
                        first.requestedBy(),
                        first.createdAt(),
                        Optional.of(claimedAt),
                        Optional.empty()));
        assertThat(tx.read((Stores s) -> s.evaluations().findJob(third.id()))).contains(claimed.get(2));
    }

    @Test
    void concurrentWorkersClaimEveryJobExactlyOnce() throws Exception {
        Fixture f = fixture();
        int jobCount = 20;
        int workers = 10;
        List<String> queued = new ArrayList<>();
        write(s -> {
            for (int i = 0; i < jobCount; i++) {
                EvaluationJob job = job(f, f.submission(), newId(), LONG_AGO.plusSeconds(100 + i));
                s.evaluations().insertJob(job);
                queued.add(job.id());
            }
        });
        ExecutorService executor = Executors.newFixedThreadPool(workers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<EvaluationJob>>> results = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String worker = "worker-" + w;
                results.add(executor.submit(() -> {
                    start.await();
                    List<EvaluationJob> mine = new ArrayList<>();
                    while (true) {
                        Optional<EvaluationJob> job =
                                tx.inTransaction((Stores s) -> s.evaluations().claimNextJob(worker, NOW));
                        if (job.isEmpty()) {
                            return mine;
                        }
                        mine.add(job.get());
                    }
                }));
            }
            start.countDown();
            Map<String, String> workerOfJob = new LinkedHashMap<>();
            List<String> claimedIds = new ArrayList<>();
            for (Future<List<EvaluationJob>> result : results) {
                for (EvaluationJob job : result.get(120, TimeUnit.SECONDS)) {
                    claimedIds.add(job.id());
                    workerOfJob.put(job.id(), job.worker().orElseThrow());
                }
            }

            assertThat(claimedIds).doesNotHaveDuplicates().containsAll(queued);
            for (String id : queued) {
                assertThat(tx.read((Stores s) -> s.evaluations().findJob(id))).hasValueSatisfying(job -> {
                    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
                    assertThat(job.attempt()).isEqualTo(1);
                    assertThat(job.worker()).contains(workerOfJob.get(id));
                });
            }
            assertThat(tx.inTransaction((Stores s) -> s.evaluations().claimNextJob("worker-late", NOW)))
                    .isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void heartbeatsRecordProgressOnlyForTheJobsOwnWorker() {
        Fixture f = fixture();
        EvaluationJob job = running(f, "worker-a", NOW);
        write(s -> s.evaluations().insertJob(job));

        assertThat(tx.inTransaction(
                        (Stores s) -> s.evaluations().heartbeat(job.id(), "worker-b", 999, NOW.plusSeconds(9))))
                .isFalse();
        assertThat(findJob(job)).isEqualTo(job);

        assertThat(tx.inTransaction(
                        (Stores s) -> s.evaluations().heartbeat(job.id(), "worker-a", 500, NOW.plusSeconds(5))))
                .isTrue();
        assertThat(findJob(job)).satisfies(beating -> {
            assertThat(beating.rowsDone()).isEqualTo(500);
            assertThat(beating.heartbeatAt()).contains(NOW.plusSeconds(5));
            assertThat(beating.status()).isEqualTo(JobStatus.RUNNING);
        });
        assertThat(tx.inTransaction((Stores s) -> s.evaluations().heartbeat(newId(), "worker-a", 1, NOW)))
                .isFalse();
    }

    @Test
    void onlyTheJobsOwnWorkerFinishesItAndOnlyOnce() {
        Fixture f = fixture();
        EvaluationJob job = running(f, "worker-a", NOW);
        write(s -> s.evaluations().insertJob(job));
        Instant end = NOW.plusSeconds(30);

        assertThat(tx.inTransaction((Stores s) ->
                        s.evaluations().finishJob(job.id(), "worker-b", JobStatus.SUCCEEDED, Optional.empty(), end)))
                .isFalse();
        assertThat(findJob(job)).isEqualTo(job);

        assertThat(tx.inTransaction((Stores s) -> s.evaluations()
                        .finishJob(job.id(), "worker-a", JobStatus.FAILED, Optional.of("out of memory"), end)))
                .isTrue();
        EvaluationJob failed = findJob(job);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).contains("out of memory");
        assertThat(failed.finishedAt()).contains(end);
        assertThat(failed.worker()).contains("worker-a");

        assertThat(tx.inTransaction((Stores s) -> s.evaluations()
                        .finishJob(job.id(), "worker-a", JobStatus.SUCCEEDED, Optional.empty(), end.plusSeconds(1))))
                .isFalse();
        assertThat(tx.inTransaction(
                        (Stores s) -> s.evaluations().heartbeat(job.id(), "worker-a", 1, end.plusSeconds(1))))
                .isFalse();
        assertThat(findJob(job)).isEqualTo(failed);
    }

    @Test
    void aSucceededJobKeepsItsProgress() {
        Fixture f = fixture();
        EvaluationJob job = running(f, "worker-a", NOW);
        write(s -> s.evaluations().insertJob(job));
        write(s -> s.evaluations().heartbeat(job.id(), "worker-a", job.rowsTotal(), NOW.plusSeconds(1)));

        assertThat(tx.inTransaction((Stores s) -> s.evaluations()
                        .finishJob(job.id(), "worker-a", JobStatus.SUCCEEDED, Optional.empty(), NOW.plusSeconds(2))))
                .isTrue();
        assertThat(findJob(job)).satisfies(succeeded -> {
            assertThat(succeeded.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(succeeded.error()).isEmpty();
            assertThat(succeeded.rowsDone()).isEqualTo(job.rowsTotal());
            assertThat(succeeded.finishedAt()).contains(NOW.plusSeconds(2));
        });
    }

    @Test
    void aJobFinishesOnlyAsSucceededOrFailed() {
        Fixture f = fixture();
        EvaluationJob job = running(f, "worker-a", NOW);
        write(s -> s.evaluations().insertJob(job));

        assertThatThrownBy(() -> tx.inTransaction((Stores s) ->
                        s.evaluations().finishJob(job.id(), "worker-a", JobStatus.QUEUED, Optional.empty(), NOW)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(findJob(job)).isEqualTo(job);
    }

    @Test
    void staleJobsAreQueuedAgainUntilTheirAttemptsAreUsedUp() {
        Fixture f = fixture();
        Instant staleBefore = LONG_AGO.plusSeconds(1000);
        Instant now = NOW.plusSeconds(120);
        EvaluationJob retried = withAttempt(running(f, "worker-a", LONG_AGO.plusSeconds(10)), 1);
        EvaluationJob exhausted = withAttempt(running(f, "worker-b", LONG_AGO.plusSeconds(20)), 3);
        EvaluationJob fresh = withAttempt(running(f, "worker-c", staleBefore), 1);
        EvaluationJob queued = job(f, f.submission(), newId(), NOW);
        write(s -> List.of(retried, exhausted, fresh, queued)
                .forEach(job -> s.evaluations().insertJob(job)));

        List<EvaluationJob> recovered = tx
                .inTransaction(
                        (Stores s) -> s.evaluations().recoverStaleJobs(staleBefore, 3, "worker stopped beating", now))
                .stream()
                .filter(job -> job.submissionId().equals(f.submission().id()))
                .toList();

        EvaluationJob requeued = new EvaluationJob(
                retried.id(),
                retried.objectiveId(),
                retried.submissionId(),
                retried.datasetId(),
                retried.datasetVersionId(),
                retried.datasetVersionNumber(),
                retried.trigger(),
                JobStatus.QUEUED,
                1,
                retried.rowsDone(),
                retried.rowsTotal(),
                Optional.of("worker stopped beating"),
                Optional.empty(),
                Optional.empty(),
                retried.requestedBy(),
                retried.createdAt(),
                retried.startedAt(),
                Optional.empty());
        EvaluationJob failed = new EvaluationJob(
                exhausted.id(),
                exhausted.objectiveId(),
                exhausted.submissionId(),
                exhausted.datasetId(),
                exhausted.datasetVersionId(),
                exhausted.datasetVersionNumber(),
                exhausted.trigger(),
                JobStatus.FAILED,
                3,
                exhausted.rowsDone(),
                exhausted.rowsTotal(),
                Optional.of("worker stopped beating"),
                exhausted.worker(),
                exhausted.heartbeatAt(),
                exhausted.requestedBy(),
                exhausted.createdAt(),
                exhausted.startedAt(),
                Optional.of(now));
        assertThat(recovered).containsExactlyInAnyOrder(requeued, failed);
        assertThat(findJob(retried)).isEqualTo(requeued);
        assertThat(findJob(exhausted)).isEqualTo(failed);
        assertThat(findJob(fresh)).isEqualTo(fresh);
        assertThat(findJob(queued)).isEqualTo(queued);

        assertThat(tx.inTransaction((Stores s) -> s.evaluations().heartbeat(retried.id(), "worker-a", 7, now)))
                .isFalse();
        assertThat(tx.inTransaction(
                        (Stores s) -> s.evaluations().recoverStaleJobs(staleBefore, 3, "again", now).stream()
                                .filter(job ->
                                        job.submissionId().equals(f.submission().id()))
                                .toList()))
                .isEmpty();
        write(s -> s.evaluations().failUnfinishedJobs(f.submission().id(), "test over", now));
    }

    @Test
    void failingUnfinishedJobsLeavesFinishedOnesAndOtherSubmissions() {
        Fixture f = fixture();
        Submission other = createSubmission(f, 2);
        EvaluationJob queued = job(f, f.submission(), newId(), NOW);
        EvaluationJob running = running(f, "worker-a", NOW);
        EvaluationJob succeeded = withStatus(job(f, f.submission(), newId(), NOW), JobStatus.SUCCEEDED);
        EvaluationJob otherQueued = job(f, other, newId(), NOW);
        write(s -> List.of(queued, running, succeeded, otherQueued)
                .forEach(job -> s.evaluations().insertJob(job)));
        Instant now = NOW.plusSeconds(60);

        assertThat(tx.inTransaction((Stores s) ->
                        s.evaluations().failUnfinishedJobs(f.submission().id(), "submission withdrawn", now)))
                .isEqualTo(2);

        for (EvaluationJob job : List.of(queued, running)) {
            assertThat(findJob(job)).satisfies(failed -> {
                assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
                assertThat(failed.error()).contains("submission withdrawn");
                assertThat(failed.finishedAt()).contains(now);
            });
        }
        assertThat(findJob(succeeded)).isEqualTo(succeeded);
        assertThat(findJob(otherQueued)).isEqualTo(otherQueued);
        assertThat(tx.inTransaction((Stores s) -> s.evaluations().heartbeat(running.id(), "worker-a", 1, now)))
                .isFalse();
        assertThat(tx.inTransaction((Stores s) ->
                        s.evaluations().failUnfinishedJobs(f.submission().id(), "again", now)))
                .isZero();
    }

    // ---------------------------------------------------------------- metric sets

    @Test
    void metricSetsRoundTripChartsMatricesImagesAndExactDoubles() {
        Fixture f = fixture();
        EvaluationJob job = job(f, f.submission(), newId(), NOW);
        write(s -> s.evaluations().insertJob(job));
        MetricSetRecord evaluated = new MetricSetRecord(
                newId(),
                f.objective().id(),
                f.submission().id(),
                f.dataset().id(),
                f.version().id(),
                f.version().number(),
                Optional.of("new_customers"),
                MetricSource.EVALUATION,
                Optional.of(job.id()),
                3_000_000_000L,
                awkwardMetrics(),
                List.of(new MetricImage("roc-curve.png", hash(), 20_480), new MetricImage("lift.png", hash(), 1)),
                f.ref(),
                NOW);
        MetricSetRecord adHoc = new MetricSetRecord(
                newId(),
                f.objective().id(),
                f.submission().id(),
                f.dataset().id(),
                f.version().id(),
                f.version().number(),
                Optional.empty(),
                MetricSource.AD_HOC,
                Optional.empty(),
                0,
                new MetricSet(Map.of("rmse", 12.5), Map.of("r2", "fewer than two rows"), Map.of(), new long[0][]),
                List.of(),
                f.ref(),
                NOW);
        write(s -> {
            s.evaluations().insertMetricSet(evaluated);
            s.evaluations().insertMetricSet(adHoc);
        });

        MetricSetRecord read = tx.read((Stores s) -> s.evaluations().findMetricSet(evaluated.id()))
                .orElseThrow();
        assertThat(read).isEqualTo(evaluated);
        assertThat(read.metrics().values().keySet())
                .containsExactlyElementsOf(evaluated.metrics().values().keySet());
        assertThat(read.metrics().value("sum_of_tenths")).hasValue(0.1 + 0.2);
        assertThat(read.metrics().value("tiny")).hasValue(1e-300);
        double[] special = read.metrics().charts().get("edges").values("special");
        assertThat(Double.isNaN(special[0])).isTrue();
        assertThat(special[1]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(special[2]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Double.doubleToRawLongBits(special[3])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(read.metrics().confusionMatrix())
                .isDeepEqualTo(evaluated.metrics().confusionMatrix());
        assertThat(tx.read((Stores s) -> s.evaluations().findMetricSet(adHoc.id())))
                .contains(adHoc);
        assertThat(tx.read((Stores s) -> s.evaluations().findMetricSet(newId())))
                .isEmpty();
    }

    @Test
    void metricsAreStoredAsReadableJson() {
        Fixture f = fixture();
        MetricSetRecord metricSet = metricSet(
                f,
                f.submission(),
                f.version(),
                Optional.empty(),
                MetricSource.AD_HOC,
                NOW,
                new MetricSet(
                        Map.of("roc_auc", 0.75),
                        Map.of("f1", "no positive predictions"),
                        Map.of("roc_curve", new Chart(Chart.LINE, List.of(new Chart.Series("fpr", new double[] {0.0, 1.0
                        })))),
                        new long[][] {{5, 1}, {2, 7}}));
        write(s -> s.evaluations().insertMetricSet(metricSet));

        String stored = database.jdbi()
                .withHandle((Handle handle) -> handle.createQuery("SELECT metrics_json FROM metric_sets WHERE id = :id")
                        .bind("id", metricSet.id())
                        .mapTo(String.class)
                        .one());

        assertThat(stored)
                .isEqualTo("{\"values\":{\"roc_auc\":0.75},\"undefined\":{\"f1\":\"no positive predictions\"},"
                        + "\"charts\":{\"roc_curve\":{\"kind\":\"line\",\"series\":[{\"name\":\"fpr\","
                        + "\"values\":[0.0,1.0]}]}},\"confusion_matrix\":[[5,1],[2,7]]}");
    }

    @Test
    void replacingEvaluatedMetricSetsKeepsAdHocSetsAndOtherVersions() {
        Fixture f = fixture();
        DatasetVersion otherVersion = createVersion(f, 2);
        MetricSetRecord adHoc = metricSet(f, f.version(), Optional.empty(), MetricSource.AD_HOC, NOW);
        MetricSetRecord earlier = metricSet(f, f.version(), Optional.empty(), MetricSource.EVALUATION, NOW);
        MetricSetRecord earlierSubset =
                metricSet(f, f.version(), Optional.of("new_customers"), MetricSource.EVALUATION, NOW);
        MetricSetRecord otherVersionSet = metricSet(f, otherVersion, Optional.empty(), MetricSource.EVALUATION, NOW);
        write(s -> List.of(adHoc, earlier, earlierSubset, otherVersionSet)
                .forEach(metricSet -> s.evaluations().insertMetricSet(metricSet)));
        MetricSetRecord replacement =
                metricSet(f, f.version(), Optional.empty(), MetricSource.EVALUATION, NOW.plusSeconds(60));
        MetricSetRecord replacementSubset =
                metricSet(f, f.version(), Optional.of("new_customers"), MetricSource.EVALUATION, NOW.plusSeconds(60));

        write(s -> s.evaluations()
                .replaceEvaluatedMetricSets(
                        f.submission().id(), f.version().id(), List.of(replacement, replacementSubset)));

        assertThat(tx.read((Stores s) ->
                        s.evaluations().listMetricSets(f.submission().id())))
                .containsExactlyInAnyOrder(adHoc, otherVersionSet, replacement, replacementSubset);
        assertThat(tx.read((Stores s) -> s.evaluations().findMetricSet(earlier.id())))
                .isEmpty();
    }

    @Test
    void replacingRefusesSetsOfAnotherSubmissionVersionOrSource() {
        Fixture f = fixture();
        MetricSetRecord earlier = metricSet(f, f.version(), Optional.empty(), MetricSource.EVALUATION, NOW);
        write(s -> s.evaluations().insertMetricSet(earlier));
        MetricSetRecord adHoc = metricSet(f, f.version(), Optional.empty(), MetricSource.AD_HOC, NOW);

        assertThatThrownBy(() -> write(s -> s.evaluations()
                        .replaceEvaluatedMetricSets(
                                f.submission().id(), f.version().id(), List.of(adHoc))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> write(s -> s.evaluations()
                        .replaceEvaluatedMetricSets(f.submission().id(), newId(), List.of(earlier))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tx.read((Stores s) ->
                        s.evaluations().listMetricSets(f.submission().id())))
                .containsExactly(earlier);
    }

    @Test
    void metricSetsOfASubmissionAreListedNewestFirst() {
        Fixture f = fixture();
        String tiePrefix = "set-" + suffix();
        MetricSetRecord oldest = metricSet(f, f.version(), Optional.empty(), MetricSource.AD_HOC, NOW.minusSeconds(60));
        MetricSetRecord tieFirst = withId(
                metricSet(f, f.version(), Optional.of("new_customers"), MetricSource.AD_HOC, NOW), tiePrefix + "-a");
        MetricSetRecord tieSecond =
                withId(metricSet(f, f.version(), Optional.empty(), MetricSource.AD_HOC, NOW), tiePrefix + "-b");
        MetricSetRecord otherSubmission =
                metricSet(f, createSubmission(f, 2), f.version(), Optional.empty(), MetricSource.AD_HOC, NOW);
        write(s -> List.of(tieFirst, oldest, otherSubmission, tieSecond)
                .forEach(metricSet -> s.evaluations().insertMetricSet(metricSet)));

        assertThat(tx.read((Stores s) ->
                        s.evaluations().listMetricSets(f.submission().id())))
                .containsExactly(tieSecond, tieFirst, oldest);
        assertThat(tx.read((Stores s) -> s.evaluations().listMetricSets(newId())))
                .isEmpty();
    }

    @Test
    void metricSetsOfAnObjectiveAreListedPerVersionAndSubset() {
        Fixture f = fixture();
        Submission second = createSubmission(f, 2);
        DatasetVersion otherVersion = createVersion(f, 2);
        MetricSetRecord firstAllRows =
                metricSet(f, f.submission(), f.version(), Optional.empty(), MetricSource.EVALUATION, NOW);
        MetricSetRecord secondAllRows =
                metricSet(f, second, f.version(), Optional.empty(), MetricSource.AD_HOC, NOW.plusSeconds(1));
        MetricSetRecord firstSubset =
                metricSet(f, f.submission(), f.version(), Optional.of("new_customers"), MetricSource.EVALUATION, NOW);
        MetricSetRecord otherSubset =
                metricSet(f, f.submission(), f.version(), Optional.of("long_tenure"), MetricSource.EVALUATION, NOW);
        MetricSetRecord otherVersionSet =
                metricSet(f, f.submission(), otherVersion, Optional.empty(), MetricSource.EVALUATION, NOW);
        Fixture other = fixture();
        MetricSetRecord otherObjective =
                metricSet(other, other.version(), Optional.empty(), MetricSource.EVALUATION, NOW);
        write(s -> List.of(firstAllRows, secondAllRows, firstSubset, otherSubset, otherVersionSet, otherObjective)
                .forEach(metricSet -> s.evaluations().insertMetricSet(metricSet)));

        assertThat(tx.read((Stores s) -> s.evaluations()
                        .listMetricSets(f.objective().id(), f.version().id(), Optional.empty())))
                .containsExactly(secondAllRows, firstAllRows);
        assertThat(tx.read((Stores s) -> s.evaluations()
                        .listMetricSets(f.objective().id(), f.version().id(), Optional.of("new_customers"))))
                .containsExactly(firstSubset);
        assertThat(tx.read((Stores s) ->
                        s.evaluations().listMetricSets(f.objective().id(), otherVersion.id(), Optional.empty())))
                .containsExactly(otherVersionSet);
        assertThat(tx.read((Stores s) -> s.evaluations()
                        .listMetricSets(f.objective().id(), f.version().id(), Optional.of("nobody"))))
                .isEmpty();
    }

    // ---------------------------------------------------------------- fixtures

    /** A user, their project with an objective and a submission to it, and a dataset with one version. */
    private record Fixture(
            User user,
            Project project,
            Objective objective,
            Submission submission,
            Dataset dataset,
            DatasetVersion version) {
        UserRef ref() {
            return new UserRef(user.id(), user.name());
        }
    }

    private Fixture fixture() {
        User user = new User(newId(), "eval-" + suffix(), "Evaluator", false, NOW);
        UserRef ref = new UserRef(user.id(), user.name());
        Project project = new Project(newId(), "eval-" + suffix(), "", ref, NOW);
        Objective objective = new Objective(
                newId(),
                project.id(),
                "churn",
                "",
                TaskType.BINARY_CLASSIFICATION,
                "label",
                List.of(new Metric("roc_auc", MetricDirection.MAXIMIZE, true)),
                Objective.DEFAULT_TAGS,
                Objective.DEFAULT_PROTECTED_TAGS,
                List.of(),
                List.of(),
                EvaluationSettings.none(),
                Optional.empty(),
                ref,
                NOW,
                NOW);
        Dataset dataset = new Dataset(newId(), project.id(), "holdout", "", ref, NOW);
        write(s -> {
            s.users().insertUser(user);
            s.projects().insertProject(project);
            s.objectives().insertObjective(objective);
            s.datasets().insertDataset(dataset);
        });
        Fixture partial = new Fixture(user, project, objective, null, dataset, null);
        return new Fixture(user, project, objective, createSubmission(partial, 1), dataset, createVersion(partial, 1));
    }

    private Submission createSubmission(Fixture f, int number) {
        Submission submission = new Submission(
                newId(),
                f.objective().id(),
                number,
                newId(),
                "model",
                newId(),
                1,
                hash(),
                1024,
                "onnx",
                "onnx",
                "model.onnx",
                Signature.empty(),
                Map.of(),
                Map.of(),
                "",
                SubmissionStatus.OPEN,
                f.ref(),
                NOW,
                NOW);
        write(s -> s.submissions().insertSubmission(submission));
        return submission;
    }

    private DatasetVersion createVersion(Fixture f, int number) {
        long rows = 1000L * number;
        DataFile file = new DataFile(hash(), 4096 + rows, rows);
        DatasetVersion version = new DatasetVersion(
                newId(),
                f.dataset().id(),
                number,
                VersionMode.SNAPSHOT,
                SCHEMA,
                rows,
                file.digest(),
                file.sizeBytes(),
                List.of(file),
                SourceFormat.CSV,
                "holdout.csv",
                hash(),
                9000,
                f.ref(),
                NOW);
        write(s -> s.datasets().insertVersion(version));
        return version;
    }

    private static EvaluationJob job(Fixture f, Submission submission, String id, Instant createdAt) {
        return EvaluationJob.queued(
                id,
                f.objective().id(),
                submission.id(),
                f.dataset().id(),
                f.version().id(),
                f.version().number(),
                f.version().rowCount(),
                JobTrigger.ON_DEMAND,
                f.ref(),
                createdAt);
    }

    /** A job of the fixture's submission that {@code worker} runs, its last heartbeat at {@code heartbeatAt}. */
    private static EvaluationJob running(Fixture f, String worker, Instant heartbeatAt) {
        EvaluationJob queued = job(f, f.submission(), newId(), NOW);
        return new EvaluationJob(
                queued.id(),
                queued.objectiveId(),
                queued.submissionId(),
                queued.datasetId(),
                queued.datasetVersionId(),
                queued.datasetVersionNumber(),
                queued.trigger(),
                JobStatus.RUNNING,
                1,
                250,
                queued.rowsTotal(),
                Optional.empty(),
                Optional.of(worker),
                Optional.of(heartbeatAt),
                queued.requestedBy(),
                queued.createdAt(),
                Optional.of(heartbeatAt.minusSeconds(5)),
                Optional.empty());
    }

    private static EvaluationJob withStatus(EvaluationJob job, JobStatus status) {
        return new EvaluationJob(
                job.id(),
                job.objectiveId(),
                job.submissionId(),
                job.datasetId(),
                job.datasetVersionId(),
                job.datasetVersionNumber(),
                job.trigger(),
                status,
                job.attempt(),
                job.rowsDone(),
                job.rowsTotal(),
                job.error(),
                job.worker(),
                job.heartbeatAt(),
                job.requestedBy(),
                job.createdAt(),
                job.startedAt(),
                status.finished() ? Optional.of(job.createdAt().plusSeconds(1)) : job.finishedAt());
    }

    private static EvaluationJob withAttempt(EvaluationJob job, int attempt) {
        return new EvaluationJob(
                job.id(),
                job.objectiveId(),
                job.submissionId(),
                job.datasetId(),
                job.datasetVersionId(),
                job.datasetVersionNumber(),
                job.trigger(),
                job.status(),
                attempt,
                job.rowsDone(),
                job.rowsTotal(),
                job.error(),
                job.worker(),
                job.heartbeatAt(),
                job.requestedBy(),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt());
    }

    private static MetricSetRecord metricSet(
            Fixture f, DatasetVersion version, Optional<String> subset, MetricSource source, Instant createdAt) {
        return metricSet(f, f.submission(), version, subset, source, createdAt);
    }

    private static MetricSetRecord metricSet(
            Fixture f,
            Submission submission,
            DatasetVersion version,
            Optional<String> subset,
            MetricSource source,
            Instant createdAt) {
        double auc = ThreadLocalRandom.current().nextDouble();
        return metricSet(
                f,
                submission,
                version,
                subset,
                source,
                createdAt,
                new MetricSet(Map.of("roc_auc", auc), Map.of(), Map.of(), new long[][] {{1, 2}, {3, 4}}));
    }

    private static MetricSetRecord metricSet(
            Fixture f,
            Submission submission,
            DatasetVersion version,
            Optional<String> subset,
            MetricSource source,
            Instant createdAt,
            MetricSet metrics) {
        return new MetricSetRecord(
                newId(),
                f.objective().id(),
                submission.id(),
                f.dataset().id(),
                version.id(),
                version.number(),
                subset,
                source,
                Optional.empty(),
                version.rowCount(),
                metrics,
                List.of(),
                f.ref(),
                createdAt);
    }

    private static MetricSetRecord withId(MetricSetRecord metricSet, String id) {
        return new MetricSetRecord(
                id,
                metricSet.objectiveId(),
                metricSet.submissionId(),
                metricSet.datasetId(),
                metricSet.datasetVersionId(),
                metricSet.datasetVersionNumber(),
                metricSet.subset(),
                metricSet.source(),
                metricSet.jobId(),
                metricSet.rowCount(),
                metricSet.metrics(),
                metricSet.images(),
                metricSet.createdBy(),
                metricSet.createdAt());
    }

    /**
     * Values that a lossy number format would change: sums with a long binary tail, the extremes of
     * the double range, negative zero, non-finite chart points, and many random doubles.
     */
    private static MetricSet awkwardMetrics() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("sum_of_tenths", 0.1 + 0.2);
        values.put("tiny", 1e-300);
        values.put("smallest", Double.MIN_VALUE);
        values.put("largest", Double.MAX_VALUE);
        values.put("third", 1.0 / 3.0);
        values.put("whole", 42.0);
        values.put("negative_zero", -0.0);
        values.put("accuracy", 0.9);
        SplittableRandom random = new SplittableRandom(20240601);
        double[] randomDoubles = new double[2000];
        for (int i = 0; i < randomDoubles.length; i++) {
            double candidate;
            do {
                candidate = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(candidate));
            randomDoubles[i] = candidate;
        }
        Map<String, Chart> charts = new LinkedHashMap<>();
        charts.put(
                "roc_curve",
                new Chart(
                        Chart.LINE,
                        List.of(
                                new Chart.Series("fpr", new double[] {0.0, 0.1 + 0.2, 1.0}),
                                new Chart.Series("tpr", new double[] {0.0, 2.0 / 3.0, 1.0}),
                                new Chart.Series("thresholds", new double[] {0.9, 0.5}))));
        charts.put(
                "score_histogram",
                new Chart(
                        Chart.HISTOGRAM,
                        List.of(
                                new Chart.Series("bin_edges", new double[] {0.0, 0.5, 1.0}),
                                new Chart.Series("positive", new double[] {3, 40}),
                                new Chart.Series("negative", new double[] {}))));
        charts.put(
                "edges",
                new Chart(
                        Chart.SCATTER,
                        List.of(
                                new Chart.Series("special", new double[] {
                                    Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0
                                }),
                                new Chart.Series("random", randomDoubles))));
        Map<String, String> undefined = new LinkedHashMap<>();
        undefined.put("f1", "no positive predictions");
        undefined.put("calibration_curve", "only one class in the labels");
        return new MetricSet(values, undefined, charts, new long[][] {{4_000_000_000L, 1}, {0, 7}});
    }

    private EvaluationJob findJob(EvaluationJob job) {
        return tx.read((Stores s) -> s.evaluations().findJob(job.id())).orElseThrow();
    }

    private boolean hasUnfinishedJob(Fixture f, DatasetVersion version) {
        return tx.read(
                (Stores s) -> s.evaluations().hasUnfinishedJob(f.submission().id(), version.id()));
    }

    private void write(Consumer<Stores> work) {
        tx.inTransaction(stores -> {
            work.accept(stores);
            return null;
        });
    }

    private static String suffix() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static String hash() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

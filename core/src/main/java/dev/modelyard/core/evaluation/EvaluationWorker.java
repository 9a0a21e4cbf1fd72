package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.background.BackgroundLoop;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.TableEngine;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelLoadException;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.tx.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs evaluation jobs in the background: {@code workers} threads claim queued jobs from the
 * store (so several servers on one database share the work), evaluate, and store the metric sets
 * and the outcome in one transaction. A running job beats its heart; jobs of a worker that
 * stopped beating (its server was killed) are taken back by any worker: queued again or failed
 * with the reason once their attempts are used up.
 */
public final class EvaluationWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationWorker.class);

    private final Transactions transactions;
    private final TableEngine engine;
    private final ModelLoader loader;
    private final EvaluationWorkerConfig config;
    private final Clock clock;
    private final String worker = "worker-" + UUID.randomUUID();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<BackgroundLoop> loops = new ArrayList<>();
    private final ScheduledExecutorService heartbeats;

    public EvaluationWorker(
            Transactions transactions,
            TableEngine engine,
            ModelLoader loader,
            EvaluationQueue queue,
            EvaluationWorkerConfig config,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "modelyard-evaluation-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        queue.onWakeUp(this::wakeUp);
    }

    /** Starts the worker threads; a worker with no threads only answers {@link #runOnce()}. */
    public void start() {
        for (int i = 0; i < config.workers(); i++) {
            // after a job, look for the next at once; when idle, wait for a wake-up or the poll interval
            BackgroundLoop loop = new BackgroundLoop(
                    "modelyard-evaluation-" + i,
                    () -> runOnce() ? Duration.ZERO : config.pollInterval(),
                    config.pollInterval());
            loops.add(loop);
            loop.start();
        }
    }

    public String workerId() {
        return worker;
    }

    /** Lets idle workers look for jobs now. */
    public void wakeUp() {
        loops.forEach(BackgroundLoop::wakeUp);
    }

    /**
     * Takes back stale jobs, then runs the oldest queued job, if any, on the calling thread.
     * Returns whether a job ran.
     */
    public boolean runOnce() {
        recoverStaleJobs();
        Optional<EvaluationJob> claimed =
                transactions.inTransaction(stores -> stores.evaluations().claimNextJob(worker, clock.instant()));
        claimed.ifPresent(this::run);
        return claimed.isPresent();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loops.forEach(BackgroundLoop::close);
        heartbeats.shutdownNow();
    }

    private void recoverStaleJobs() {
        Instant now = clock.instant();
        String reason = "the server running this evaluation stopped: no heartbeat for "
                + config.staleAfter().toMillis() + " ms";
        List<EvaluationJob> recovered = transactions.inTransaction(stores -> stores.evaluations()
                .recoverStaleJobs(now.minus(config.staleAfter()), config.maxAttempts(), reason, now));
        for (EvaluationJob job : recovered) {
            LOG.info(
                    "evaluation job {} lost its worker; it is now {} (attempt {} of {})",
                    job.id(),
                    job.status().id(),
                    job.attempt(),
                    config.maxAttempts());
        }
    }

    private void run(EvaluationJob job) {
        AtomicLong rowsDone = new AtomicLong();
        AtomicBoolean owned = new AtomicBoolean(true);
        long heartbeatMillis = config.heartbeatInterval().toMillis();
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(
                () -> {
                    try {
                        boolean still = transactions.inTransaction(stores ->
                                stores.evaluations().heartbeat(job.id(), worker, rowsDone.get(), clock.instant()));
                        if (!still) {
                            owned.set(false);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("could not record the heartbeat of evaluation job {}", job.id(), e);
                    }
                },
                heartbeatMillis,
                heartbeatMillis,
                TimeUnit.MILLISECONDS);
        try {
            Evaluator.Outcome outcome = evaluate(job, rowsDone, owned);
            heartbeat.cancel(false);
            finish(job, outcome);
        } catch (Evaluator.StoppedException e) {
            LOG.info("evaluation job {} was taken back from this worker; stopped", job.id());
        } catch (EvaluationFailedException | ModelLoadException e) {
            fail(job, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("evaluation job {} failed unexpectedly", job.id(), e);
            fail(job, "internal error: " + e.getMessage());
        } finally {
            heartbeat.cancel(false);
        }
    }

    private record Inputs(Objective objective, Submission submission, DatasetVersion version) {}

    private Evaluator.Outcome evaluate(EvaluationJob job, AtomicLong rowsDone, AtomicBoolean owned) {
        Inputs inputs = transactions.read(stores -> {
            Objective objective = stores.objectives()
                    .findObjectiveById(job.objectiveId())
                    .orElseThrow(() -> new EvaluationFailedException("the objective no longer exists"));
            Submission submission = stores.submissions()
                    .findSubmissionById(job.submissionId())
                    .orElseThrow(() -> new EvaluationFailedException("the submission no longer exists"));
            if (submission.status().terminal()) {
                throw new EvaluationFailedException("submission " + submission.number() + " is "
                        + submission.status().id());
            }
            DatasetVersion version = stores.datasets()
                    .findVersion(job.datasetId(), job.datasetVersionNumber())
                    .orElseThrow(() -> new EvaluationFailedException("the dataset version no longer exists"));
            return new Inputs(objective, submission, version);
        });
        try (LoadedModel model = loader.load(inputs.submission())) {
            Signature signature =
                    model.signature().isEmpty() ? inputs.submission().signature() : merged(inputs, model);
            return Evaluator.evaluate(inputs.objective(), signature, inputs.version(), model, engine, rows -> {
                rowsDone.set(rows);
                return owned.get() && !closed.get();
            });
        }
    }

    /** The runtime's signature, with the feature names the package declared when the runtime has none. */
    private static Signature merged(Inputs inputs, LoadedModel model) {
        Signature runtime = model.signature();
        return runtime.featureNames().isEmpty()
                ? runtime.withFeatureNames(inputs.submission().signature().featureNames())
                : runtime;
    }

    private void finish(EvaluationJob job, Evaluator.Outcome outcome) {
        Instant now = clock.instant();
        boolean finished = transactions.inTransaction(stores -> {
            // the last heartbeat may predate the last batch: record every row as done
            stores.evaluations().heartbeat(job.id(), worker, outcome.rowsScored(), now);
            if (!stores.evaluations().finishJob(job.id(), worker, JobStatus.SUCCEEDED, Optional.empty(), now)) {
                return false;
            }
            List<MetricSetRecord> sets = outcome.results().stream()
                    .map(result -> new MetricSetRecord(
                            UUID.randomUUID().toString(),
                            job.objectiveId(),
                            job.submissionId(),
                            job.datasetId(),
                            job.datasetVersionId(),
                            job.datasetVersionNumber(),
                            result.subset(),
                            MetricSource.EVALUATION,
                            Optional.of(job.id()),
                            result.rowCount(),
                            ChartThinning.thin(result.metrics(), ChartThinning.MAX_STORED_POINTS),
                            List.of(),
                            job.requestedBy(),
                            now))
                    .toList();
            stores.evaluations().replaceEvaluatedMetricSets(job.submissionId(), job.datasetVersionId(), sets);
            return true;
        });
        if (finished) {
            LOG.info(
                    "evaluation job {} done: {} rows scored, {} without a label",
                    job.id(),
                    outcome.rowsScored(),
                    outcome.rowsWithoutLabel());
        } else {
            LOG.info("evaluation job {} finished after it was taken back; its results are dropped", job.id());
        }
    }

    private void fail(EvaluationJob job, String reason) {
        String message = reason == null || reason.isBlank() ? "no reason given" : reason;
        LOG.info("evaluation job {} failed: {}", job.id(), message);
        transactions.inTransaction(stores -> stores.evaluations()
                .finishJob(job.id(), worker, JobStatus.FAILED, Optional.of(message), clock.instant()));
    }
}

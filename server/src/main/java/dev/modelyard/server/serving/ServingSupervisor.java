package dev.modelyard.server.serving;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.deployment.Challenger;
import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.deployment.DeploymentListener;
import dev.modelyard.core.deployment.DeploymentResources;
import dev.modelyard.core.deployment.DeploymentService;
import dev.modelyard.core.release.ReleaseView;
import dev.modelyard.core.runtime.RuntimeOptions;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.engine.DeploymentNotFoundException;
import dev.modelyard.engine.DeploymentSettings;
import dev.modelyard.engine.DeploymentState;
import dev.modelyard.engine.ExecutionMode;
import dev.modelyard.engine.InferenceEngine;
import dev.modelyard.engine.MicroBatching;
import dev.modelyard.engine.ServingTarget;
import dev.modelyard.server.deployment.ServingStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine serving what the database says: every deployment's target resolved to a
 * release (tag holder or pin), loaded and swapped in by the engine, and its challenger, if it has
 * one, served the same way as a second engine deployment named {@code <deployment>~challenger}
 * (a name no deployment can have), on the deployment's resources but always on its worker pool
 * and with the challenger's timeout. It re-resolves at once when this server changes a deployment
 * or moves a tag, and every poll interval for changes made by other servers sharing the database.
 * It also keeps the snapshot the inference path reads (deployments, their challengers and their
 * keys), so no request touches the database.
 */
public final class ServingSupervisor implements DeploymentListener, ServingStatus, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServingSupervisor.class);

    private final Transactions transactions;
    private final InferenceEngine engine;
    private final RuntimeModelSource models;
    private final Duration pollInterval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "modelyard-serving-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean syncPending = new AtomicBoolean();
    private final Map<String, String> served = new HashMap<>();
    /** deployment name → what its challenger engine deployment serves (release, digest, settings). */
    private final Map<String, String> servedChallengers = new HashMap<>();

    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Map<String, ServedDeployment> snapshot = Map.of();
    private volatile Map<String, ServedChallenger> challengers = Map.of();
    private final Map<String, ChallengerCalls> challengerCalls = new java.util.concurrent.ConcurrentHashMap<>();
    /** deployment + "@" + release version → the submission it serves, for every release ever served. */
    private final Map<String, Submission> servedSubmissions = new java.util.concurrent.ConcurrentHashMap<>();

    public ServingSupervisor(
            Transactions transactions, InferenceEngine engine, RuntimeModelSource models, Duration pollInterval) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.models = requireNonNull(models, "models is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    }

    /** Resolves and starts serving every deployment, then keeps polling. */
    public void start() {
        sync();
        scheduler.scheduleWithFixedDelay(
                this::syncQuietly, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Optional<ServedDeployment> deployment(String name) {
        return Optional.ofNullable(snapshot.get(name));
    }

    /**
     * A deployment's challenger as the inference path sees it: its configuration, the release it
     * resolves to (empty when none), and the engine deployment that serves it.
     */
    public record ServedChallenger(Challenger challenger, Optional<ReleaseView> release, String engineName) {
        public ServedChallenger {
            requireNonNull(challenger, "challenger is null");
            requireNonNull(release, "release is null");
            requireNonNull(engineName, "engineName is null");
        }
    }

    /** The challenger of a deployment, when it has one. */
    public Optional<ServedChallenger> challenger(String deployment) {
        return Optional.ofNullable(challengers.get(deployment));
    }

    /** The engine deployment serving a deployment's challenger. */
    public static String challengerEngineName(String deployment) {
        return deployment + "~challenger";
    }

    /**
     * What this server did with a deployment's calls for its challenger since it started, and how
     * many challenger calls wait or run now ({@code inFlight}, bounded by the gateway).
     */
    public static final class ChallengerCalls {
        final AtomicInteger inFlight = new AtomicInteger();
        final LongAdder called = new LongAdder();
        final LongAdder sampledOut = new LongAdder();
        final LongAdder skippedBusy = new LongAdder();
        final LongAdder skippedNotReady = new LongAdder();

        public long called() {
            return called.sum();
        }

        public long sampledOut() {
            return sampledOut.sum();
        }

        public long skippedBusy() {
            return skippedBusy.sum();
        }

        public long skippedNotReady() {
            return skippedNotReady.sum();
        }

        public int inFlight() {
            return inFlight.get();
        }
    }

    /** The challenger counters of a deployment (by name), made on first use. */
    public ChallengerCalls challengerCalls(String deployment) {
        return challengerCalls.computeIfAbsent(deployment, name -> new ChallengerCalls());
    }

    /** The name of a deployment this server serves, by its id. */
    public Optional<String> deploymentName(String deploymentId) {
        return snapshot.values().stream()
                .filter(served -> served.deployment().id().equals(deploymentId))
                .map(served -> served.deployment().name())
                .findFirst();
    }

    /** The submission behind a release this server served for a deployment. */
    public Optional<Submission> servedSubmission(String deployment, String release) {
        return Optional.ofNullable(servedSubmissions.get(deployment + "@" + release));
    }

    /** Runs after every sync (for example to forget cached credentials). */
    public void afterSync(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Applies a change made through this server before its API call answers: the snapshot (access
     * level, stopped, target) and cached credentials are current when the caller gets its response.
     * Loading a new model still happens in the background.
     */
    @Override
    public void servingMayHaveChanged(String objectiveId) {
        syncQuietly();
    }

    @Override
    public void keysChanged(String deploymentId) {
        syncQuietly();
    }

    /** Runs a sync soon on the supervisor thread; requests made while one is pending coalesce. */
    public void requestSync() {
        if (syncPending.compareAndSet(false, true)) {
            scheduler.execute(() -> {
                syncPending.set(false);
                syncQuietly();
            });
        }
    }

    @Override
    public Report report(String deployment) {
        ServedDeployment known = snapshot.get(deployment);
        if (known != null && known.deployment().stopped()) {
            return new Report("stopped", Optional.empty(), Optional.empty(), List.of());
        }
        Optional<DeploymentState> state = stateOf(engine, deployment);
        if (state.isEmpty()) {
            String reason = known != null && known.target().isEmpty()
                    ? "its target resolves to no release yet"
                    : "waiting to be loaded";
            return new Report("deploying", Optional.of(reason), Optional.empty(), List.of());
        }
        DeploymentState current = state.get();
        return new Report(
                current.status().name().toLowerCase(Locale.ROOT),
                current.failureReason(),
                current.currentRelease(),
                current.releases().stream()
                        .map(release -> new LoadedRelease(
                                release.release(),
                                release.loadState().name().toLowerCase(Locale.ROOT),
                                release.failureReason()))
                        .toList());
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            log.warn("Could not bring deployments up to date; trying again at the next poll", e);
        }
    }

    /** One pass: read every deployment and its target, update the snapshot, ask the engine to follow. */
    private synchronized void sync() {
        record Resolved(ServedDeployment deployment, Optional<ServedChallenger> challenger) {}
        List<Resolved> deployments = transactions.read(stores -> stores.deployments().listAllDeployments().stream()
                .map(deployment -> new Resolved(
                        new ServedDeployment(deployment, DeploymentService.resolve(stores, deployment)),
                        deployment
                                .challenger()
                                .map(challenger -> new ServedChallenger(
                                        challenger,
                                        DeploymentService.resolveChallenger(stores, deployment),
                                        challengerEngineName(deployment.name())))))
                .toList());
        Map<String, ServedDeployment> byName = new HashMap<>();
        Map<String, ServedChallenger> challengersByName = new HashMap<>();
        for (Resolved resolved : deployments) {
            String name = resolved.deployment().deployment().name();
            byName.put(name, resolved.deployment());
            resolved.challenger().ifPresent(challenger -> challengersByName.put(name, challenger));
        }
        snapshot = Map.copyOf(byName);
        challengers = Map.copyOf(challengersByName);
        listeners.forEach(Runnable::run);
        for (Resolved resolved : deployments) {
            follow(resolved.deployment());
            followChallenger(resolved.deployment().deployment(), resolved.challenger());
        }
        for (String name : List.copyOf(served.keySet())) {
            if (!byName.containsKey(name)) {
                engine.stop(name);
                served.remove(name);
            }
        }
        for (String name : List.copyOf(servedChallengers.keySet())) {
            if (!byName.containsKey(name)) {
                engine.stop(challengerEngineName(name));
                servedChallengers.remove(name);
            }
        }
    }

    private void follow(ServedDeployment served) {
        Deployment deployment = served.deployment();
        String name = deployment.name();
        if (deployment.stopped()) {
            if (this.served.remove(name) != null) {
                engine.stop(name);
                log.info("Deployment {} stopped", name);
            }
            return;
        }
        if (served.target().isEmpty()) {
            return;
        }
        ReleaseView release = served.target().get();
        Submission submission = release.submission();
        String wanted = release.release().version() + "@" + submission.digest() + "#" + deployment.resources();
        if (wanted.equals(this.served.get(name))) {
            return;
        }
        models.register(submission);
        servedSubmissions.put(name + "@" + release.release().version(), submission);
        ServingTarget target = new ServingTarget(
                release.release().version(),
                submission.digest(),
                submission.modelVersionId(),
                Map.of("objective_id", deployment.objectiveId(), "model", submission.modelName()),
                new RuntimeOptions(deployment.resources().intraOpThreads()));
        this.served.put(name, wanted);
        log.info("Deployment {} → release {} ({})", name, release.release().version(), submission.digest());
        engine.serve(name, target, settings(deployment.resources())).whenComplete((result, failure) -> {
            if (failure != null) {
                log.warn(
                        "Deployment {} could not switch to release {}: {}",
                        name,
                        release.release().version(),
                        failure.getMessage());
                synchronized (this) {
                    this.served.remove(name, wanted);
                }
            }
        });
    }

    /**
     * Serves the deployment's challenger as engine deployment {@code <name>~challenger}, or stops
     * serving it when the deployment has none, is stopped, or its challenger resolves to no release.
     */
    private void followChallenger(Deployment deployment, Optional<ServedChallenger> challenger) {
        String name = deployment.name();
        String engineName = challengerEngineName(name);
        Optional<ReleaseView> release = challenger.flatMap(ServedChallenger::release);
        if (deployment.stopped() || release.isEmpty()) {
            if (servedChallengers.remove(name) != null) {
                engine.stop(engineName);
                log.info("Deployment {} has no challenger to serve now", name);
            }
            return;
        }
        Challenger wantedChallenger = challenger.orElseThrow().challenger();
        Submission submission = release.get().submission();
        String version = release.get().release().version();
        DeploymentSettings settings = challengerSettings(deployment.resources(), wantedChallenger);
        String wanted = version + "@" + submission.digest() + "#" + settings;
        if (wanted.equals(servedChallengers.get(name))) {
            return;
        }
        models.register(submission);
        servedSubmissions.put(engineName + "@" + version, submission);
        ServingTarget target = new ServingTarget(
                version,
                submission.digest(),
                submission.modelVersionId(),
                Map.of("objective_id", deployment.objectiveId(), "model", submission.modelName(), "role", "challenger"),
                new RuntimeOptions(deployment.resources().intraOpThreads()));
        servedChallengers.put(name, wanted);
        log.info("Deployment {} challenger → release {} ({})", name, version, submission.digest());
        engine.serve(engineName, target, settings).whenComplete((result, failure) -> {
            if (failure != null) {
                log.warn(
                        "Deployment {} could not switch its challenger to release {}: {}",
                        name,
                        version,
                        failure.getMessage());
                synchronized (this) {
                    servedChallengers.remove(name, wanted);
                }
            }
        });
    }

    /**
     * How a challenger runs: on the deployment's resources, but always on its worker pool (never on
     * the thread that hands it the call), with at most {@link #challengerCapacity} calls waiting or
     * running and the challenger's own timeout.
     */
    static DeploymentSettings challengerSettings(DeploymentResources resources, Challenger challenger) {
        return settings(resources)
                .withExecutionMode(ExecutionMode.POOLED)
                .withQueueCapacity(challengerCapacity(resources))
                .withRequestTimeout(Duration.ofMillis(challenger.timeoutMillis()));
    }

    /** The most challenger calls of a deployment waiting or running at once: two per worker. */
    public static int challengerCapacity(DeploymentResources resources) {
        return 2 * resources.workers();
    }

    static DeploymentSettings settings(DeploymentResources resources) {
        return new DeploymentSettings(
                resources.workers(),
                resources.queueCapacity(),
                Duration.ofMillis(resources.timeoutMillis()),
                DeploymentSettings.DEFAULT_INLINE_THRESHOLD_MICROS,
                ExecutionMode.ADAPTIVE,
                resources.microBatching()
                        ? Optional.of(new MicroBatching(resources.maxBatchSize(), resources.maxBatchDelayMicros()))
                        : Optional.empty(),
                true);
    }

    /** The engine's state of a deployment, or empty when the engine never served it. */
    static Optional<DeploymentState> stateOf(InferenceEngine engine, String deployment) {
        try {
            return Optional.of(engine.state(deployment));
        } catch (DeploymentNotFoundException neverServed) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

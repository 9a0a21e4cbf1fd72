package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelLoadException;
import dev.modelyard.core.runtime.Tensor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live inference engine: a library, with no HTTP, database or blob store in it. The embedder
 * gives it a {@link ModelSource}; it keeps a cache of loaded models keyed by digest, routes each
 * deployment's requests to its current release, swaps releases without a failed request, bounds
 * every queue and answers with {@link CompletableFuture}s.
 *
 * <h2>Swaps</h2>
 *
 * {@link #serve} loads the target on a loader thread (or reuses the model already loaded for its
 * digest), warms it with one prediction on zeros shaped by its signature, then switches the
 * deployment's routing with a single volatile write. The release it replaced stays loaded (up to
 * {@link EngineConfig#retainedReleases()} previous releases), older ones are released. A model is
 * closed once nothing holds it: not a deployment, not a request (see {@link SharedModel}), so no
 * request ever sees a closed model. A failed load leaves the previous release serving and records
 * the runtime's message. Swaps of one deployment apply in order and the latest wins: a load that
 * finishes after a newer {@code serve} (or a {@link #stop}) completes with {@link
 * SwapSupersededException} and never goes live.
 *
 * <h2>Threads: inline or pooled, measured per release</h2>
 *
 * Callers are typically event-loop threads. A slow prediction must not run there: it stalls every
 * connection of that loop. A tiny one should not leave it: the hop to a worker and back (queue
 * hand-off, wake-up, completion on another core) costs more than the prediction itself. Measured
 * with a model that adds a constant to four floats, one caller thread waiting for each result (JDK
 * 17, 2 cores, a busy build machine): the raw predict 0.13 µs; through the engine inline 0.3–0.6 µs
 * per call; pooled 19–35 µs per call (a bare {@code ThreadPoolExecutor} round trip alone is 10–13
 * µs, the timeout timer 0.2–0.8 µs). So up to ~200 µs of compute the hop adds 10% or more to the
 * latency, while an event loop busy 200 µs per request
 * still serves thousands of requests per second.
 *
 * <p>So {@link ExecutionMode#ADAPTIVE} (the default) keeps, per release, an exponentially weighted
 * average of compute time ({@link ComputeEstimate}). The first predictions (no estimate yet) run on
 * the pool; once the average is below {@link DeploymentSettings#inlineThresholdMicros()}, predictions
 * run on the caller's thread and return an already-completed future; when it rises above (the model
 * got slower, inputs got bigger), they go back to the pool. {@link ExecutionMode#INLINE} and {@link
 * ExecutionMode#POOLED} force one side. Micro-batching always pools (batches form in a queue). An
 * inline prediction cannot time out: it runs to completion on the caller's thread, which is why
 * only predictions known to be short run there.
 *
 * <p>Pooled predictions run on the deployment's own workers (a fixed pool, so one deployment's slow
 * model cannot starve another) and complete their future there: the embedder hops back to its
 * event loop if it needs to.
 *
 * <h2>Capacity</h2>
 *
 * Each deployment counts the requests it holds (waiting or running, inline included). One above
 * {@link DeploymentSettings#queueCapacity()} is refused at once with {@link
 * EngineOverloadedException}, never blocking the caller. A pooled request still waiting when {@link
 * DeploymentSettings#requestTimeout()} passes is cancelled and never runs; one already running
 * finishes on its worker, but its caller gets {@link InferenceTimeoutException} on time.
 *
 * <h2>Errors</h2>
 *
 * Every failure arrives in the returned future, never as a thrown exception (except for null
 * arguments): {@link DeploymentNotFoundException} for a name never served or stopped, {@link
 * DeploymentNotReadyException} while no release is loaded, {@link ReleaseNotLoadedException},
 * {@link EngineOverloadedException}, {@link InferenceTimeoutException}, and the runtime's own
 * exceptions ({@link dev.modelyard.core.runtime.InvalidInputException} …) unchanged.
 */
public final class InferenceEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InferenceEngine.class);
    private static final Duration MIN_RETRY_AFTER = Duration.ofMillis(1);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final Duration UNKNOWN_RETRY_AFTER = Duration.ofSeconds(1);

    private final EngineConfig config;
    private final ModelSource source;
    private final Clock clock;
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor loader;
    private final ThreadPoolExecutor closer;
    private final ScheduledThreadPoolExecutor timer;
    private final ModelCache cache;
    private final EngineMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    public InferenceEngine(EngineConfig config, ModelSource source) {
        this(config, source, Clock.systemUTC());
    }

    /** An engine whose state timestamps come from {@code clock}. */
    public InferenceEngine(EngineConfig config, ModelSource source, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.source = requireNonNull(source, "source is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.loader = new ThreadPoolExecutor(
                config.loaderThreads(),
                config.loaderThreads(),
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                EngineThreads.named("modelyard-loader"));
        this.closer = new ThreadPoolExecutor(
                1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), EngineThreads.named("modelyard-closer"));
        this.closer.allowCoreThreadTimeOut(true);
        this.timer = new ScheduledThreadPoolExecutor(1, EngineThreads.named("modelyard-timeouts"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.cache = new ModelCache(closeOffThread());
        this.metrics = new EngineMetrics(deployments, cache);
    }

    /** Serves the target with the engine's default deployment settings. */
    public CompletableFuture<SwapResult> serve(String deployment, ServingTarget target) {
        return serve(deployment, target, config.defaultSettings());
    }

    /**
     * Makes the deployment serve the target (creating the deployment if new), with these settings.
     * Completes once requests go to the target, or exceptionally with the load's own exception (the
     * previous release keeps serving) or {@link SwapSupersededException}.
     */
    public CompletableFuture<SwapResult> serve(String deployment, ServingTarget target, DeploymentSettings settings) {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(target, "target is null");
        requireNonNull(settings, "settings is null");
        if (deployment.isBlank()) {
            throw new IllegalArgumentException("deployment name is blank");
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the inference engine is closed"));
        }
        Deployment served =
                deployments.computeIfAbsent(deployment, name -> new Deployment(name, settings, clock.instant()));
        long generation = served.beginSwap(target, clock.instant());
        ModelCache.Acquired acquired = cache.acquire(target.digest());
        if (acquired.loadNeeded()) {
            startLoad(acquired.model(), target, settings.warmup());
        }
        CompletableFuture<SwapResult> result = new CompletableFuture<>();
        acquired.model().ready().whenComplete((loaded, failure) -> {
            try {
                finishSwap(served, generation, target, settings, acquired, loaded, failure, result);
            } catch (RuntimeException e) {
                log.error("finishing the swap of deployment {} failed", deployment, e);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Runs one prediction on the deployment's current release, or on {@code release} when given (a
     * release the deployment serves or has served and still holds loaded).
     *
     * @param outputs the outputs wanted; empty for all
     */
    public CompletableFuture<InferenceResult> infer(
            String deployment, Optional<String> release, List<Tensor> inputs, Set<String> outputs) {
        long arrivedNanos = System.nanoTime();
        requireNonNull(deployment, "deployment is null");
        requireNonNull(release, "release is null");
        List<Tensor> requestInputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        Set<String> requestOutputs = Set.copyOf(requireNonNull(outputs, "outputs is null"));
        Deployment served = deployments.get(deployment);
        if (served == null) {
            return CompletableFuture.failedFuture(new DeploymentNotFoundException(deployment));
        }
        Routing routing;
        ReleaseSlot slot;
        while (true) {
            routing = served.routing();
            if (routing.stopped()) {
                return CompletableFuture.failedFuture(new DeploymentNotFoundException(deployment));
            }
            if (routing.current() == null) {
                return CompletableFuture.failedFuture(
                        new DeploymentNotReadyException(deployment, served.notReadyReason()));
            }
            slot = release.isPresent() ? routing.find(release.get()) : routing.current();
            if (slot == null) {
                return CompletableFuture.failedFuture(new ReleaseNotLoadedException(deployment, release.get()));
            }
            if (slot.model().tryRetain()) {
                break;
            }
            // The slot was retired after we read the routing, so the routing has moved on: read it again.
        }
        DeploymentSettings settings = routing.settings();
        int inFlight = served.admit();
        if (inFlight > settings.queueCapacity()) {
            served.requestFinished();
            slot.model().release();
            slot.metrics().rejected.increment();
            return CompletableFuture.failedFuture(overloaded(deployment, settings, slot, inFlight));
        }
        slot.metrics().requests.increment();
        slot.metrics().inFlight.increment();
        InferenceCall call = new InferenceCall(served, slot, requestInputs, requestOutputs, arrivedNanos);
        if (runsInline(settings, slot)) {
            call.runInline();
            return call.future();
        }
        return dispatch(served, routing.dispatcher(), call, settings);
    }

    /**
     * Stops routing to the deployment: later requests get {@link DeploymentNotFoundException}, swaps
     * still loading are superseded, requests already admitted finish, and its models are released
     * once they have. {@link #state} reports {@link DeploymentStatus#STOPPED} until it is served again.
     * The future completes when its in-flight requests have finished.
     */
    public CompletableFuture<Void> stop(String deployment) {
        requireNonNull(deployment, "deployment is null");
        Deployment served = deployments.get(deployment);
        if (served == null) {
            return CompletableFuture.failedFuture(new DeploymentNotFoundException(deployment));
        }
        return stop(served).copy();
    }

    /** Throws {@link DeploymentNotFoundException} for a name never served. */
    public DeploymentState state(String deployment) {
        requireNonNull(deployment, "deployment is null");
        Deployment served = deployments.get(deployment);
        if (served == null) {
            throw new DeploymentNotFoundException(deployment);
        }
        return served.state();
    }

    /** Every deployment's state, by name. */
    public Map<String, DeploymentState> states() {
        Map<String, DeploymentState> states = new LinkedHashMap<>();
        for (Deployment served : new TreeMap<>(deployments).values()) {
            states.put(served.name(), served.state());
        }
        return Collections.unmodifiableMap(states);
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    /**
     * Stops every deployment, waits up to {@link EngineConfig#shutdownTimeout()} for in-flight
     * requests and loads, and closes every model no request holds any more (a request still running
     * after the timeout closes its model when it finishes).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        List<CompletableFuture<Void>> drained = new ArrayList<>();
        for (Deployment served : deployments.values()) {
            drained.add(stop(served));
        }
        try {
            CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new))
                    .get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.warn("requests still running after {}; their models close when they finish", config.shutdownTimeout());
        } catch (ExecutionException e) {
            log.warn("waiting for in-flight requests failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Runnable unstarted : loader.shutdownNow()) {
            if (unstarted instanceof LoadTask task) {
                task.abandon();
            }
        }
        awaitTermination(loader, deadline);
        closer.shutdown();
        awaitTermination(closer, deadline);
        timer.shutdownNow();
        int stillLoaded = cache.models().size();
        if (stillLoaded > 0) {
            log.warn("{} models are still in use after closing the engine", stillLoaded);
        }
    }

    private CompletableFuture<Void> stop(Deployment served) {
        Deployment.Stop stop = served.stop(clock.instant());
        stop.retired().forEach(slot -> slot.model().release());
        if (stop.dispatcher() != null) {
            stop.dispatcher().shutdown();
        }
        log.info("stopped deployment {}", served.name());
        return stop.drained();
    }

    private void startLoad(SharedModel model, ServingTarget target, boolean warmup) {
        LoadTask task = new LoadTask(model, target, warmup);
        try {
            loader.execute(task);
        } catch (RejectedExecutionException e) {
            task.abandon();
        }
    }

    /** Loads and warms one model on a loader thread. */
    private final class LoadTask implements Runnable {
        private final SharedModel model;
        private final ServingTarget target;
        private final boolean warmup;

        LoadTask(SharedModel model, ServingTarget target, boolean warmup) {
            this.model = model;
            this.target = target;
            this.warmup = warmup;
        }

        @Override
        public void run() {
            long begin = System.nanoTime();
            LoadedModel loaded;
            try {
                loaded = source.load(target);
                if (loaded == null) {
                    throw new ModelLoadException("the model source returned no model");
                }
            } catch (Throwable e) { // a native runtime may throw LinkageError or OutOfMemoryError
                fail(e);
                return;
            }
            long loadedAt = System.nanoTime();
            if (warmup) {
                Optional<List<Tensor>> inputs;
                try {
                    inputs = WarmupInputs.forSignature(loaded.signature());
                    if (inputs.isPresent()) {
                        loaded.predict(inputs.get(), Set.of());
                    }
                } catch (RuntimeException e) {
                    closeQuietly(loaded);
                    fail(new ModelLoadException("the warm-up prediction failed: " + e.getMessage(), e));
                    return;
                }
            }
            long warmedAt = System.nanoTime();
            metrics.modelLoads.increment();
            log.info(
                    "loaded model {} for release {} in {} ms",
                    target.digest(),
                    target.release(),
                    TimeUnit.NANOSECONDS.toMillis(loadedAt - begin));
            model.loaded(new SharedModel.Loaded(
                    loaded, Duration.ofNanos(loadedAt - begin), Duration.ofNanos(warmedAt - loadedAt)));
        }

        void abandon() {
            cache.evict(model);
            model.failed(new IllegalStateException("the inference engine is closed"));
        }

        private void fail(Throwable failure) {
            metrics.modelLoadFailures.increment();
            cache.evict(model);
            model.failed(failure);
        }
    }

    private void finishSwap(
            Deployment served,
            long generation,
            ServingTarget target,
            DeploymentSettings settings,
            ModelCache.Acquired acquired,
            SharedModel.Loaded loaded,
            Throwable failure,
            CompletableFuture<SwapResult> result) {
        SharedModel model = acquired.model();
        if (failure != null) {
            model.release();
            Throwable cause = unwrap(failure);
            if (served.recordFailure(generation, target, reason(cause), clock.instant())) {
                log.warn("deployment {} could not load release {}: {}", served.name(), target.release(), reason(cause));
            }
            result.completeExceptionally(cause);
            return;
        }
        Optional<Deployment.Switch> switched = served.switchTo(
                generation,
                target,
                settings,
                model,
                config.retainedReleases(),
                InferenceEngine::dispatcher,
                clock.instant());
        if (switched.isEmpty()) {
            model.release();
            result.completeExceptionally(new SwapSupersededException(served.name(), target.release()));
            return;
        }
        Deployment.Switch change = switched.get();
        if (!change.referenceKept()) {
            model.release();
        }
        change.retired().forEach(slot -> slot.model().release());
        if (change.replacedDispatcher() != null) {
            change.replacedDispatcher().shutdown();
        }
        log.info(
                "deployment {} serves release {} (was {})",
                served.name(),
                target.release(),
                change.previousRelease().orElse("nothing"));
        boolean reused = !acquired.loadNeeded();
        result.complete(new SwapResult(
                served.name(),
                target.release(),
                target.digest(),
                reused,
                change.previousRelease(),
                reused ? Duration.ZERO : loaded.loadTime(),
                reused ? Duration.ZERO : loaded.warmupTime()));
    }

    private static Dispatcher dispatcher(String deployment, DeploymentSettings settings) {
        return settings.microBatching()
                .<Dispatcher>map(batching -> new BatchingDispatcher(deployment, settings.workers(), batching))
                .orElseGet(() -> new PooledDispatcher(deployment, settings.workers(), settings.queueCapacity()));
    }

    private static boolean runsInline(DeploymentSettings settings, ReleaseSlot slot) {
        return switch (settings.executionMode()) {
            case INLINE -> true;
            case POOLED -> false;
            case ADAPTIVE ->
                settings.microBatching().isEmpty()
                        && slot.estimate().knownBelow(TimeUnit.MICROSECONDS.toNanos(settings.inlineThresholdMicros()));
        };
    }

    private CompletableFuture<InferenceResult> dispatch(
            Deployment served, Dispatcher dispatcher, InferenceCall call, DeploymentSettings settings) {
        Dispatcher target = dispatcher;
        while (true) {
            call.dispatchedTo(target);
            try {
                target.submit(call);
                break;
            } catch (RejectedExecutionException e) {
                Routing now = served.routing();
                if (target.isShutdown() && !now.stopped() && now.dispatcher() != null && now.dispatcher() != target) {
                    target = now.dispatcher(); // a swap replaced the worker pool after we read the routing
                    continue;
                }
                if (now.stopped()) {
                    call.refuse(new DeploymentNotFoundException(served.name()));
                } else {
                    call.slot().metrics().rejected.increment();
                    call.refuse(overloaded(served.name(), settings, call.slot(), served.inFlight()));
                }
                return call.future();
            }
        }
        Duration timeout = settings.requestTimeout();
        try {
            call.timeoutAfter(timer.schedule(() -> call.timeout(timeout), timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            // the engine is closing: the request still finishes, without a timeout
        }
        return call.future();
    }

    private static EngineOverloadedException overloaded(
            String deployment, DeploymentSettings settings, ReleaseSlot slot, int inFlight) {
        Duration retryAfter = UNKNOWN_RETRY_AFTER;
        if (slot.estimate().known()) {
            long nanos = slot.estimate().averageNanos() * Math.max(1, inFlight) / settings.workers();
            retryAfter =
                    Duration.ofNanos(Math.min(Math.max(nanos, MIN_RETRY_AFTER.toNanos()), MAX_RETRY_AFTER.toNanos()));
        }
        return new EngineOverloadedException(deployment, settings.queueCapacity(), retryAfter);
    }

    private Executor closeOffThread() {
        return command -> {
            try {
                closer.execute(command);
            } catch (RejectedExecutionException e) {
                command.run(); // the engine is closed: close on this thread
            }
        };
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? "the model could not be loaded" : message;
    }

    private static void closeQuietly(LoadedModel model) {
        try {
            model.close();
        } catch (RuntimeException e) {
            log.warn("closing a model that failed its warm-up failed: {}", e.getMessage(), e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static void awaitTermination(ThreadPoolExecutor executor, long deadline) {
        try {
            if (!executor.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
                log.warn("engine threads still busy after the shutdown timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

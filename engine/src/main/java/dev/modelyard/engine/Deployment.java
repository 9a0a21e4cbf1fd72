package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * One deployment: its routing (read lock-free by every request), its in-flight count, and its swap
 * bookkeeping. Swaps, failures and stops take the monitor, so they apply one at a time; each swap
 * carries the generation it was asked in, and only the latest generation may switch the routing or
 * record a failure, so the latest request wins and a superseded load never goes live.
 */
final class Deployment {
    /** What a successful switch changed; the caller releases and shuts down outside the monitor. */
    record Switch(
            Optional<String> previousRelease,
            boolean referenceKept,
            List<ReleaseSlot> retired,
            Dispatcher replacedDispatcher) {}

    /** What a stop took out of the routing, and a future completing when in-flight requests finished. */
    record Stop(List<ReleaseSlot> retired, Dispatcher dispatcher, CompletableFuture<Void> drained) {}

    private final String name;
    private final DeploymentMetrics metrics = new DeploymentMetrics();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Routing routing;
    private volatile CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);

    // guarded by this
    private long generation;
    private DeploymentStatus status = DeploymentStatus.DEPLOYING;
    private ServingTarget pendingTarget;
    private ServingTarget failedTarget;
    private String failureReason;
    private Instant updatedAt;

    Deployment(String name, DeploymentSettings settings, Instant now) {
        this.name = requireNonNull(name, "name is null");
        this.routing = Routing.empty(settings);
        this.updatedAt = requireNonNull(now, "now is null");
    }

    String name() {
        return name;
    }

    Routing routing() {
        return routing;
    }

    DeploymentMetrics metrics() {
        return metrics;
    }

    /** Counts one more request in flight and returns the new count. */
    int admit() {
        return inFlight.incrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    void requestFinished() {
        if (inFlight.decrementAndGet() == 0 && routing.stopped()) {
            drained.complete(null);
        }
    }

    /** Starts a swap: a new generation supersedes every earlier one. */
    synchronized long beginSwap(ServingTarget target, Instant now) {
        generation++;
        if (routing.stopped()) {
            routing = Routing.empty(routing.settings());
        }
        status = DeploymentStatus.DEPLOYING;
        pendingTarget = target;
        updatedAt = now;
        return generation;
    }

    /** Records a failed load if its swap is still the latest; false when it was superseded. */
    synchronized boolean recordFailure(long swapGeneration, ServingTarget target, String reason, Instant now) {
        if (swapGeneration != generation) {
            return false;
        }
        status = DeploymentStatus.FAILED;
        pendingTarget = null;
        failedTarget = target;
        failureReason = reason;
        updatedAt = now;
        metrics.failedSwaps.increment();
        return true;
    }

    /**
     * Switches the routing to a loaded model if this swap is still the latest; empty when it was
     * superseded (the caller then releases its reference). Keeps {@code retainedReleases} previous
     * releases loaded and returns the ones to release.
     */
    synchronized Optional<Switch> switchTo(
            long swapGeneration,
            ServingTarget target,
            DeploymentSettings settings,
            SharedModel model,
            int retainedReleases,
            BiFunction<String, DeploymentSettings, Dispatcher> dispatchers,
            Instant now) {
        Routing old = routing;
        if (swapGeneration != generation || old.stopped()) {
            return Optional.empty();
        }
        ReleaseSlot same = old.find(target.release());
        boolean referenceKept = same == null || same.model() != model;
        ReleaseSlot current = referenceKept ? new ReleaseSlot(target, model, metrics.release(target.release())) : same;
        List<ReleaseSlot> slots = new ArrayList<>();
        List<ReleaseSlot> retired = new ArrayList<>();
        slots.add(current);
        for (ReleaseSlot slot : old.slots()) {
            if (slot == current) {
                continue;
            }
            if (slot.release().equals(target.release()) || slots.size() > retainedReleases) {
                retired.add(slot);
            } else {
                slots.add(slot);
            }
        }
        Dispatcher dispatcher = old.dispatcher();
        Dispatcher replaced = null;
        if (dispatcher == null || !old.settings().sameWorkerPool(settings)) {
            replaced = dispatcher;
            dispatcher = dispatchers.apply(name, settings);
        }
        routing = new Routing(false, current, List.copyOf(slots), settings, dispatcher);
        status = DeploymentStatus.READY;
        pendingTarget = null;
        failedTarget = null;
        failureReason = null;
        updatedAt = now;
        metrics.swaps.increment();
        Optional<String> previous = Optional.ofNullable(old.current()).map(ReleaseSlot::release);
        return Optional.of(new Switch(previous, referenceKept, List.copyOf(retired), replaced));
    }

    /** Stops routing: supersedes pending swaps, empties the routing. */
    synchronized Stop stop(Instant now) {
        generation++;
        Routing old = routing;
        CompletableFuture<Void> whenDrained = new CompletableFuture<>();
        drained = whenDrained;
        routing = old.asStopped();
        status = DeploymentStatus.STOPPED;
        pendingTarget = null;
        failedTarget = null;
        failureReason = null;
        updatedAt = now;
        if (inFlight.get() == 0) {
            whenDrained.complete(null);
        }
        return new Stop(old.slots(), old.dispatcher(), whenDrained);
    }

    /** Why requests cannot be served yet, for {@link DeploymentNotReadyException}. */
    synchronized String notReadyReason() {
        return switch (status) {
            case DEPLOYING -> "its first release is still loading";
            case FAILED -> "loading its release failed: " + failureReason;
            case READY, STOPPED -> "no release is loaded";
        };
    }

    synchronized DeploymentStatus status() {
        return status;
    }

    synchronized DeploymentState state() {
        Routing current = routing;
        List<ReleaseState> releases = new ArrayList<>();
        for (ReleaseSlot slot : current.slots()) {
            releases.add(releaseState(slot.target(), LoadState.LOADED, slot == current.current(), null));
        }
        if (pendingTarget != null && !alreadyLoaded(current, pendingTarget)) {
            releases.add(releaseState(pendingTarget, LoadState.LOADING, false, null));
        }
        if (failedTarget != null) {
            releases.add(releaseState(failedTarget, LoadState.FAILED, false, failureReason));
        }
        return new DeploymentState(
                name,
                status,
                Optional.ofNullable(current.current()).map(ReleaseSlot::release),
                Optional.ofNullable(failureReason),
                releases,
                current.settings(),
                updatedAt);
    }

    EngineMetrics.DeploymentSnapshot metricsSnapshot() {
        Routing current = routing;
        List<EngineMetrics.ReleaseSnapshot> releases = new ArrayList<>();
        for (Map.Entry<String, ReleaseMetrics> entry : metrics.releases().entrySet()) {
            boolean loaded = current.find(entry.getKey()) != null;
            releases.add(entry.getValue().snapshot(entry.getKey(), loaded));
        }
        Dispatcher dispatcher = current.dispatcher();
        return new EngineMetrics.DeploymentSnapshot(
                name,
                status(),
                inFlight.get(),
                dispatcher == null ? 0 : dispatcher.queueDepth(),
                metrics.swaps.sum(),
                metrics.failedSwaps.sum(),
                releases);
    }

    private static boolean alreadyLoaded(Routing routing, ServingTarget target) {
        ReleaseSlot slot = routing.find(target.release());
        return slot != null && slot.target().digest().equals(target.digest());
    }

    private static ReleaseState releaseState(ServingTarget target, LoadState state, boolean current, String reason) {
        return new ReleaseState(
                target.release(),
                target.digest(),
                target.modelVersionId(),
                state,
                current,
                Optional.ofNullable(reason));
    }
}

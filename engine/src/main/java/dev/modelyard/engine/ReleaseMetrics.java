package dev.modelyard.engine;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one release of one deployment; lock-free, so recording costs nanoseconds. */
final class ReleaseMetrics {
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder inFlight = new LongAdder();
    final LatencyHistogram latency = new LatencyHistogram();

    EngineMetrics.ReleaseSnapshot snapshot(String release, boolean loaded) {
        return new EngineMetrics.ReleaseSnapshot(
                release,
                loaded,
                requests.sum(),
                errors.sum(),
                rejected.sum(),
                timeouts.sum(),
                inFlight.sum(),
                latency.snapshot());
    }
}

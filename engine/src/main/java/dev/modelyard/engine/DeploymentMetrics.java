package dev.modelyard.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one deployment, and those of every release it has served since it was first served
 * (a release's counters survive its unloading, as Prometheus counters should).
 */
final class DeploymentMetrics {
    final LongAdder swaps = new LongAdder();
    final LongAdder failedSwaps = new LongAdder();
    private final Map<String, ReleaseMetrics> releases = new ConcurrentHashMap<>();

    ReleaseMetrics release(String release) {
        return releases.computeIfAbsent(release, ignored -> new ReleaseMetrics());
    }

    Map<String, ReleaseMetrics> releases() {
        return new TreeMap<>(releases);
    }
}

package dev.modelyard.engine;

import java.util.List;

/**
 * Where a deployment's requests go, as one immutable value behind a volatile field: a swap builds a
 * new routing and publishes it with one write, so a request sees the old routing or the new one,
 * never a mix.
 *
 * @param stopped whether the deployment was stopped
 * @param current the slot requests without a release go to; null before the first swap
 * @param slots the current slot first, then retained previous releases
 * @param settings the settings in force
 * @param dispatcher the worker pool; null before the first swap and once stopped
 */
record Routing(
        boolean stopped,
        ReleaseSlot current,
        List<ReleaseSlot> slots,
        DeploymentSettings settings,
        Dispatcher dispatcher) {

    static Routing empty(DeploymentSettings settings) {
        return new Routing(false, null, List.of(), settings, null);
    }

    Routing asStopped() {
        return new Routing(true, null, List.of(), settings, null);
    }

    ReleaseSlot find(String release) {
        for (ReleaseSlot slot : slots) {
            if (slot.release().equals(release)) {
                return slot;
            }
        }
        return null;
    }
}

package dev.modelyard.cli;

import dev.modelyard.api.PinSpec;
import dev.modelyard.api.ResourcesSpec;
import dev.modelyard.api.TrackSpec;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options that {@code deploy} and {@code deployments …} share. */
final class DeploymentOptions {
    private DeploymentOptions() {}

    /** Who may call a deployment. */
    enum Access {
        PUBLIC,
        INSTANCE,
        PROJECT;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What to serve: exactly one of {@code --track TAG} and {@code --pin VERSION}. */
    static final class Target {
        @Option(
                names = "--track",
                paramLabel = "TAG",
                required = true,
                description = "Serve the release carrying this tag, and follow the tag when it moves.")
        String track;

        @Option(
                names = "--pin",
                paramLabel = "VERSION",
                required = true,
                description = "Serve exactly this release, e.g. 1.0.0.")
        String pin;

        TrackSpec trackSpec() {
            return track == null ? null : new TrackSpec(track);
        }

        PinSpec pinSpec() {
            return pin == null ? null : new PinSpec(pin);
        }
    }

    /** How the deployment runs; unset options keep the server's defaults (or the current values). */
    static final class Resources {
        @Option(names = "--workers", paramLabel = "N", description = "Prediction threads (1-64; default 2).")
        Integer workers;

        @Option(
                names = "--queue-capacity",
                paramLabel = "N",
                description = "Most requests waiting or running; beyond it callers get 503 at once (default 256).")
        Integer queueCapacity;

        @Option(
                names = "--timeout-ms",
                paramLabel = "MS",
                description = "Per-request timeout in milliseconds, queueing included (default 10000).")
        Long timeoutMs;

        @Option(
                names = "--intra-op-threads",
                paramLabel = "N",
                description = "Threads inside one prediction (1-64; default 1).")
        Integer intraOpThreads;

        @Option(
                names = "--max-batch-size",
                paramLabel = "N",
                description = "Above 1 turns on micro-batching: up to N requests run as one batch (default 1).")
        Integer maxBatchSize;

        @Option(
                names = "--max-batch-delay-us",
                paramLabel = "US",
                description = "How long a micro-batch waits for more requests, in microseconds (default 0).")
        Long maxBatchDelayUs;

        /** The spec to send, or null when no resource option was given. */
        ResourcesSpec spec() {
            if (workers == null
                    && queueCapacity == null
                    && timeoutMs == null
                    && intraOpThreads == null
                    && maxBatchSize == null
                    && maxBatchDelayUs == null) {
                return null;
            }
            return new ResourcesSpec(workers, queueCapacity, timeoutMs, intraOpThreads, maxBatchSize, maxBatchDelayUs);
        }
    }

    /** Whether to wait until the deployment serves what it should, and for how long. */
    static final class Wait {
        @Option(
                names = "--wait",
                negatable = true,
                defaultValue = "true",
                fallbackValue = "true",
                description = "Wait until the deployment serves its target release (default); --no-wait returns"
                        + " at once.")
        boolean wait = true;

        @Option(
                names = "--wait-timeout",
                paramLabel = "SECONDS",
                defaultValue = "300",
                description = "How long to wait before giving up (default 300 s); the deployment goes on loading.")
        long waitTimeoutSeconds = 300;

        Duration timeout() {
            return Duration.ofSeconds(Math.max(1, waitTimeoutSeconds));
        }
    }
}

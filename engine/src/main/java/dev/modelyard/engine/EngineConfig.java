package dev.modelyard.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Engine-wide settings. The defaults, all in {@link #defaults()}: 2 loader threads, 1 previous
 * release kept loaded per deployment, 30 s for {@link InferenceEngine#close()} to let in-flight
 * requests finish, and {@link DeploymentSettings#defaults()} for deployments served without
 * settings.
 *
 * @param loaderThreads threads that load and warm models (distinct digests load in parallel)
 * @param retainedReleases previous releases each deployment keeps loaded besides its current one,
 *     so that they can still be addressed by release; older ones are released
 * @param shutdownTimeout how long {@link InferenceEngine#close()} waits for in-flight requests
 * @param defaultSettings the settings of deployments served without their own
 */
public record EngineConfig(
        int loaderThreads, int retainedReleases, Duration shutdownTimeout, DeploymentSettings defaultSettings) {
    public EngineConfig {
        requireNonNull(shutdownTimeout, "shutdownTimeout is null");
        requireNonNull(defaultSettings, "defaultSettings is null");
        if (loaderThreads < 1) {
            throw new IllegalArgumentException("loaderThreads must be at least 1");
        }
        if (retainedReleases < 0) {
            throw new IllegalArgumentException("retainedReleases must not be negative");
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative");
        }
    }

    public static EngineConfig defaults() {
        return new EngineConfig(2, 1, Duration.ofSeconds(30), DeploymentSettings.defaults());
    }

    public EngineConfig withLoaderThreads(int value) {
        return new EngineConfig(value, retainedReleases, shutdownTimeout, defaultSettings);
    }

    public EngineConfig withRetainedReleases(int value) {
        return new EngineConfig(loaderThreads, value, shutdownTimeout, defaultSettings);
    }

    public EngineConfig withShutdownTimeout(Duration value) {
        return new EngineConfig(loaderThreads, retainedReleases, value, defaultSettings);
    }

    public EngineConfig withDefaultSettings(DeploymentSettings value) {
        return new EngineConfig(loaderThreads, retainedReleases, shutdownTimeout, value);
    }
}

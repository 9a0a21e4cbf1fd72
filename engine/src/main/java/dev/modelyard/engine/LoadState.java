package dev.modelyard.engine;

/** Where one release of a deployment stands in the loaded-model cache. */
public enum LoadState {
    /** Being loaded and warmed for a swap. */
    LOADING,
    /** Loaded and addressable: the current release or a retained previous one. */
    LOADED,
    /** The latest swap to this release failed to load or warm it. */
    FAILED
}

package dev.modelyard.engine;

/** Runs a deployment's pooled requests on its worker threads. */
interface Dispatcher {
    /** Queues a call; throws {@link java.util.concurrent.RejectedExecutionException} when full or shut down. */
    void submit(InferenceCall call);

    /** Drops a call that timed out before it started. */
    void cancel(InferenceCall call);

    /** Calls waiting for a worker. */
    int queueDepth();

    /** Takes no new calls; the queued ones still run. */
    void shutdown();

    boolean isShutdown();
}

package dev.modelyard.server.history;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.history.HistoryRecord;
import dev.modelyard.core.history.HistoryService;
import dev.modelyard.core.history.HistoryState;
import dev.modelyard.core.history.InferenceHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records live calls into their deployment's inference history without slowing the calls: a
 * call is put in a bounded in-memory queue (or, in durable mode, appended to a local spool file
 * first), and a background writer appends batches to the history dataset as new Parquet parts,
 * when {@code flushRows} calls are waiting or every {@code flushInterval}. A full queue drops the
 * call and counts it; memory never grows past the queues. Per deployment, {@code recorded +
 * dropped + failed + sampled_out = calls} once the queue is written.
 */
public final class HistoryRecorder implements HistoryService.HistoryListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);

    /**
     * @param queueCapacity calls waiting per deployment before new ones are dropped
     * @param flushRows write as soon as this many calls wait
     * @param flushInterval write at least this often while calls wait
     * @param refreshInterval how often histories changed through other servers are picked up
     * @param spool folder of the durable mode's spool files
     */
    public record Config(
            int queueCapacity,
            int flushRows,
            Duration flushInterval,
            Duration refreshInterval,
            java.nio.file.Path spool) {
        public Config {
            if (queueCapacity < 1 || flushRows < 1) {
                throw new IllegalArgumentException("queueCapacity and flushRows must be positive");
            }
            requireNonNull(flushInterval, "flushInterval is null");
            requireNonNull(refreshInterval, "refreshInterval is null");
            requireNonNull(spool, "spool is null");
        }
    }

    /** Where the rows go: the history's dataset. Blocking; throws when the store fails. */
    public interface Appender {
        void append(InferenceHistory history, List<HistoryRecord> records);

        /** Which of these request uuids the history's dataset holds already. */
        java.util.Set<String> stored(InferenceHistory history, java.util.Set<String> requestUuids);
    }

    /** Calls seen while the history recorded, and what became of them. */
    public record Counters(
            String dataset,
            String state,
            long calls,
            long recorded,
            long dropped,
            long failed,
            long sampledOut,
            long waiting) {}

    private final Supplier<List<InferenceHistory>> currentHistories;
    private final Appender appender;
    private final Config config;
    private final ScheduledExecutorService scheduler;
    private final Object writing = new Object();
    private volatile Map<String, Channel> channels = Map.of();
    private volatile boolean closed;

    /**
     * @param currentHistories reads the histories that record or are paused, from the database
     */
    public HistoryRecorder(Supplier<List<InferenceHistory>> currentHistories, Appender appender, Config config) {
        this.currentHistories = requireNonNull(currentHistories, "currentHistories is null");
        this.appender = requireNonNull(appender, "appender is null");
        this.config = requireNonNull(config, "config is null");
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "modelyard-history");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Loads the histories, replays what durable spools hold, and starts writing and refreshing. */
    public void start() {
        refresh();
        long flush = config.flushInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::flushQuietly, flush, flush, TimeUnit.MILLISECONDS);
        long refresh = config.refreshInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, refresh, refresh, TimeUnit.MILLISECONDS);
    }

    @Override
    /**
     * Follows a change made through this server at once (on the caller's thread, after its
     * commit), so calls made after the answer to "create" or "resume" are recorded.
     */
    public void historiesChanged() {
        refreshQuietly();
    }

    /** Whether calls of this deployment are recorded now (so the caller builds a record at all). */
    public boolean recording(String deploymentId) {
        Channel channel = channels.get(deploymentId);
        return channel != null && channel.history.state() == HistoryState.RECORDING;
    }

    /** Whether answers of this deployment wait for the durable spool. */
    public boolean durable(String deploymentId) {
        Channel channel = channels.get(deploymentId);
        return channel != null && channel.history.state() == HistoryState.RECORDING && channel.history.durable();
    }

    /**
     * Takes a call. Never blocks: the in-memory mode returns a completed stage at once; the durable
     * mode's stage completes once the call is on disk (the answer should wait for it).
     */
    public CompletionStage<Void> record(RecordedCall call) {
        Channel channel = channels.get(call.deploymentId());
        if (channel == null || channel.history.state() != HistoryState.RECORDING) {
            return CompletableFuture.completedFuture(null);
        }
        channel.calls.increment();
        if (channel.history.samplingRate() < 1.0
                && sampledShare(call.requestUuid()) >= channel.history.samplingRate()) {
            channel.sampledOut.increment();
            return CompletableFuture.completedFuture(null);
        }
        if (channel.spool != null) {
            return channel.spool.append(call.toRecord(channel.history.redactedFields()));
        }
        if (!channel.queue.offer(call)) {
            channel.dropped.increment();
        } else if (channel.queue.size() >= config.flushRows()) {
            scheduler.execute(this::flushQuietly);
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Where a call falls in [0, 1), from its request uuid: the champion's and the challenger's
     * rows of one request are kept or left out together, and the share kept is the sampling rate.
     */
    static double sampledShare(String requestUuid) {
        long hash = requestUuid.hashCode() * 0x9E3779B97F4A7C15L;
        return (hash >>> 11) * 0x1.0p-53;
    }

    public Optional<Counters> counters(String deploymentId) {
        Channel channel = channels.get(deploymentId);
        return Optional.ofNullable(channel).map(Channel::counters);
    }

    /** Every deployment's counters, by deployment id. */
    public Map<String, Counters> allCounters() {
        Map<String, Counters> all = new HashMap<>();
        channels.forEach((id, channel) -> all.put(id, channel.counters()));
        return all;
    }

    /** Writes everything waiting now; for tests and shutdown. */
    public void flush() {
        synchronized (writing) {
            for (Channel channel : channels.values()) {
                channel.write();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
        channels.values().forEach(Channel::close);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("could not write inference history", e);
        }
    }

    private void refreshQuietly() {
        if (closed) {
            return;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("could not refresh inference histories", e);
        }
    }

    /** Follows the histories in the database: new channels, state changes, removed ones gone. */
    private synchronized void refresh() {
        List<InferenceHistory> current = currentHistories.get();
        Map<String, Channel> next = new HashMap<>();
        for (InferenceHistory history : current) {
            Channel existing = channels.get(history.deploymentId());
            if (existing != null && existing.history.id().equals(history.id())) {
                existing.history = history;
                next.put(history.deploymentId(), existing);
            } else {
                next.put(history.deploymentId(), new Channel(history));
            }
        }
        Map<String, Channel> before = channels;
        channels = Map.copyOf(next);
        synchronized (writing) {
            before.forEach((deploymentId, channel) -> {
                if (next.get(deploymentId) != channel) {
                    channel.write();
                    channel.close();
                }
            });
        }
    }

    /** One history's queue, spool and counters. */
    private final class Channel {
        private volatile InferenceHistory history;
        private final ArrayBlockingQueue<RecordedCall> queue;
        private final Spool spool;
        private final LongAdder calls = new LongAdder();
        private final LongAdder recorded = new LongAdder();
        private final LongAdder dropped = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder sampledOut = new LongAdder();

        Channel(InferenceHistory history) {
            this.history = history;
            this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
            this.spool = history.durable() ? Spool.open(config.spool().resolve(history.id())) : null;
        }

        Counters counters() {
            return new Counters(
                    history.datasetName(),
                    history.state().id(),
                    calls.sum(),
                    recorded.sum(),
                    dropped.sum(),
                    failed.sum(),
                    sampledOut.sum(),
                    queue.size() + (spool == null ? 0 : spool.waiting()));
        }

        /** Writes what waits: the queue in batches of {@code flushRows}, or the spool's closed segments. */
        void write() {
            if (spool != null) {
                try {
                    spool.drain(
                            records -> {
                                appender.append(history, records);
                                recorded.add(records.size());
                            },
                            uuids -> appender.stored(history, uuids));
                } catch (RuntimeException e) {
                    log.warn(
                            "could not write the spooled calls of inference history {}; retrying: {}",
                            history.datasetName(),
                            e.getMessage());
                }
                return;
            }
            while (!queue.isEmpty()) {
                List<RecordedCall> batch = new ArrayList<>(Math.min(queue.size(), config.flushRows()));
                queue.drainTo(batch, config.flushRows());
                List<HistoryRecord> records = new ArrayList<>(batch.size());
                for (RecordedCall call : batch) {
                    records.add(call.toRecord(history.redactedFields()));
                }
                try {
                    appender.append(history, records);
                    recorded.add(records.size());
                } catch (RuntimeException e) {
                    failed.add(records.size());
                    log.warn(
                            "could not write {} call(s) to inference history {}: {}",
                            records.size(),
                            history.datasetName(),
                            e.getMessage());
                }
            }
        }

        void close() {
            if (spool != null) {
                spool.close();
            }
        }
    }
}

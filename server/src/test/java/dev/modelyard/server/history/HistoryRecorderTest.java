package dev.modelyard.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.core.history.HistoryRecord;
import dev.modelyard.core.history.HistoryState;
import dev.modelyard.core.history.InferenceHistory;
import dev.modelyard.core.runtime.Tensor;
import dev.modelyard.core.user.UserRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder under a slow and a failing store: taking a call never waits, the queue never
 * grows past its capacity, and every call is counted once as recorded, dropped or failed.
 */
class HistoryRecorderTest {
    private static final int CAPACITY = 500;

    @TempDir
    Path spool;

    @Test
    void aSlowStoreDropsWhatDoesNotFitAndTheCountersAddUp() throws Exception {
        SlowAppender slow = new SlowAppender(Duration.ofMillis(200), false);
        InferenceHistory history = history(false, 1.0);
        try (HistoryRecorder recorder = recorder(history, slow)) {
            int calls = 50_000;
            int maxWaiting = 0;
            for (int i = 0; i < calls; i++) {
                CompletionStage<Void> taken = recorder.record(call(history, i));
                assertThat(taken.toCompletableFuture().isDone()).isTrue();
                maxWaiting = (int) Math.max(
                        maxWaiting,
                        recorder.counters(history.deploymentId()).orElseThrow().waiting());
            }
            assertThat(maxWaiting).isLessThanOrEqualTo(CAPACITY);
            recorder.flush();
            HistoryRecorder.Counters counters =
                    recorder.counters(history.deploymentId()).orElseThrow();
            assertThat(counters.calls()).isEqualTo(calls);
            assertThat(counters.dropped()).isPositive();
            assertThat(counters.recorded() + counters.dropped() + counters.failed() + counters.sampledOut())
                    .isEqualTo(calls);
            assertThat(counters.recorded()).isEqualTo(slow.rows.get());
            assertThat(counters.waiting()).isZero();
        }
    }

    @Test
    void aFailingStoreCountsFailedCalls() throws Exception {
        SlowAppender failing = new SlowAppender(Duration.ZERO, true);
        InferenceHistory history = history(false, 1.0);
        try (HistoryRecorder recorder = recorder(history, failing)) {
            for (int i = 0; i < 300; i++) {
                recorder.record(call(history, i));
            }
            recorder.flush();
            HistoryRecorder.Counters counters =
                    recorder.counters(history.deploymentId()).orElseThrow();
            assertThat(counters.failed()).isEqualTo(300);
            assertThat(counters.recorded()).isZero();
            assertThat(counters.recorded() + counters.dropped() + counters.failed())
                    .isEqualTo(counters.calls());
        }
    }

    @Test
    void durableCallsAreOnDiskBeforeTheyAreAcknowledgedAndWrittenOnceAfterARestart() throws Exception {
        SlowAppender store = new SlowAppender(Duration.ZERO, true);
        InferenceHistory history = history(true, 1.0);
        try (HistoryRecorder recorder = recorder(history, store)) {
            List<CompletionStage<Void>> acknowledged = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                acknowledged.add(recorder.record(call(history, i)));
            }
            for (CompletionStage<Void> one : acknowledged) {
                one.toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            recorder.flush(); // the store fails: nothing is lost, all still waits in the spool
            assertThat(recorder.counters(history.deploymentId()).orElseThrow().waiting())
                    .isEqualTo(1000);
        }
        SlowAppender working = new SlowAppender(Duration.ZERO, false);
        try (HistoryRecorder restarted = recorder(history, working)) {
            restarted.flush();
            assertThat(working.uuids).hasSize(1000);
            assertThat(new HashSet<>(working.uuids)).hasSize(1000);
            assertThat(restarted.counters(history.deploymentId()).orElseThrow().waiting())
                    .isZero();
        }
    }

    private HistoryRecorder recorder(InferenceHistory history, HistoryRecorder.Appender appender) {
        HistoryRecorder recorder = new HistoryRecorder(
                () -> List.of(history),
                appender,
                new HistoryRecorder.Config(CAPACITY, 100, Duration.ofHours(1), Duration.ofHours(1), spool));
        recorder.start();
        return recorder;
    }

    private static InferenceHistory history(boolean durable, double rate) {
        Instant now = Instant.now();
        return new InferenceHistory(
                "h-" + durable,
                "deployment-1",
                "project-1",
                "dataset-1",
                "calls",
                HistoryState.RECORDING,
                rate,
                List.of(),
                durable,
                new UserRef("u", "olivia"),
                now,
                now);
    }

    private static RecordedCall call(InferenceHistory history, int i) {
        return new RecordedCall(
                Instant.now(),
                "request-" + i,
                history.deploymentId(),
                "objective-1",
                Optional.empty(),
                Optional.of("key-1"),
                Optional.empty(),
                Optional.of("1.0.0"),
                List.of(Tensor.ofFloats("input", new long[] {1, 2}, new float[] {1, 2})),
                List.of(Tensor.ofFloats("output", new long[] {1, 1}, new float[] {0.5f})),
                Optional.empty(),
                120,
                HistoryRecord.CHAMPION);
    }

    /** A store that takes its time, or fails every write. */
    private static final class SlowAppender implements HistoryRecorder.Appender {
        private final Duration delay;
        private final boolean failing;
        private final AtomicInteger rows = new AtomicInteger();
        private final List<String> uuids = Collections.synchronizedList(new ArrayList<>());

        SlowAppender(Duration delay, boolean failing) {
            this.delay = delay;
            this.failing = failing;
        }

        @Override
        public void append(InferenceHistory history, List<HistoryRecord> records) {
            try {
                new CountDownLatch(1).await(delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing) {
                throw new IllegalStateException("the store is down");
            }
            rows.addAndGet(records.size());
            records.forEach(record -> uuids.add(record.requestUuid()));
        }

        @Override
        public Set<String> stored(InferenceHistory history, Set<String> requestUuids) {
            Set<String> found = new HashSet<>(uuids);
            found.retainAll(requestUuids);
            return found;
        }
    }
}

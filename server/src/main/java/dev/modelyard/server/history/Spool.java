package dev.modelyard.server.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelyard.core.history.HistoryRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable mode's local log of calls not yet in the history dataset. Calls are appended to
 * the open segment and forced to disk in groups (one {@code force} for every call that arrived
 * meanwhile) before their answers go out. The writer closes the open segment, renames it {@code
 * .writing}, appends its calls to the dataset and deletes it; a failed write leaves it to be
 * retried. After a crash, {@code .writing} segments may already be in the dataset: their calls
 * whose {@code request_uuid} the dataset holds are skipped, so each acknowledged call is there
 * exactly once.
 */
final class Spool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPEN = ".open";
    private static final String CLOSED = ".closed";
    private static final String WRITING = ".writing";

    private record Pending(byte[] line, CompletableFuture<Void> done) {}

    private final Path directory;
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final AtomicLong waiting = new AtomicLong();
    private final Thread writer;
    private final Object segmentLock = new Object();
    private FileChannel segment;
    private Path segmentPath;
    private long segmentNumber;
    private volatile boolean closed;

    private Spool(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                segmentNumber = Math.max(segmentNumber, number(name));
                if (name.endsWith(OPEN)) {
                    // a crash left it open: everything forced in it was acknowledged
                    Files.move(file, directory.resolve(stem(name) + CLOSED), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
        waiting.set(countLines());
        openSegment();
        writer = new Thread(this::writeLoop, "modelyard-history-spool");
        writer.setDaemon(true);
        writer.start();
    }

    static Spool open(Path directory) {
        try {
            return new Spool(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the history spool " + directory, e);
        }
    }

    /** Appends a call; the stage completes once it is forced to disk. */
    CompletionStage<Void> append(HistoryRecord record) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the history spool is closed"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(new Pending(line(record), done));
        return done;
    }

    long waiting() {
        return waiting.get() + pending.size();
    }

    /**
     * Hands every closed segment's calls to {@code sink} (oldest first) and deletes the segment
     * once the sink took it. {@code alreadyStored} tells which request uuids the dataset holds,
     * asked only for segments a crash interrupted while writing.
     */
    void drain(Consumer<List<HistoryRecord>> sink, Function<Set<String>, Set<String>> alreadyStored) {
        synchronized (segmentLock) {
            if (waitingInOpenSegment()) {
                rotate();
            }
        }
        List<Path> ready;
        try (Stream<Path> files = Files.list(directory)) {
            ready = files.filter(file -> !file.getFileName().toString().endsWith(OPEN))
                    .sorted(Comparator.comparingLong(
                            file -> number(file.getFileName().toString())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : ready) {
            String name = file.getFileName().toString();
            try {
                Path writing = file;
                boolean interrupted = name.endsWith(WRITING);
                if (!interrupted) {
                    writing = directory.resolve(stem(name) + WRITING);
                    Files.move(file, writing, StandardCopyOption.ATOMIC_MOVE);
                }
                List<HistoryRecord> records = read(writing);
                if (interrupted && !records.isEmpty()) {
                    Set<String> uuids = new java.util.HashSet<>();
                    records.forEach(record -> uuids.add(record.requestUuid()));
                    Set<String> stored = alreadyStored.apply(uuids);
                    records = records.stream()
                            .filter(record -> !stored.contains(record.requestUuid()))
                            .toList();
                }
                if (!records.isEmpty()) {
                    sink.accept(records);
                }
                long lines = countLines(writing);
                Files.delete(writing);
                waiting.addAndGet(-lines);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the history spool " + file, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (segmentLock) {
            try {
                segment.close();
            } catch (IOException e) {
                log.warn("could not close the history spool", e);
            }
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                break;
            }
            pending.drainTo(batch);
            try {
                synchronized (segmentLock) {
                    int size = batch.stream().mapToInt(one -> one.line().length).sum();
                    ByteBuffer buffer = ByteBuffer.allocate(size);
                    batch.forEach(one -> buffer.put(one.line()));
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        segment.write(buffer);
                    }
                    segment.force(false);
                    waiting.addAndGet(batch.size());
                }
                batch.forEach(one -> one.done().complete(null));
            } catch (IOException | RuntimeException e) {
                log.error("could not write the history spool", e);
                batch.forEach(one -> one.done().completeExceptionally(e));
            }
            batch.clear();
        }
        for (Pending left; (left = pending.poll()) != null; ) {
            left.done().completeExceptionally(new IllegalStateException("the history spool is closed"));
        }
    }

    private boolean waitingInOpenSegment() {
        try {
            return segment.size() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rotate() {
        try {
            segment.close();
            Files.move(
                    segmentPath,
                    directory.resolve(stem(segmentPath.getFileName().toString()) + CLOSED),
                    StandardCopyOption.ATOMIC_MOVE);
            openSegment();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the history spool", e);
        }
    }

    private void openSegment() throws IOException {
        segmentNumber++;
        segmentPath = directory.resolve(String.format("%012d", segmentNumber) + OPEN);
        segment = FileChannel.open(
                segmentPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private long countLines() throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                lines += countLines(file);
            }
        }
        return lines;
    }

    private static long countLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).count();
        }
    }

    private static long number(String name) {
        int dot = name.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? name : name.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String stem(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static byte[] line(HistoryRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("timestamp", record.timestamp().toString());
        node.put("user_id", record.userId().orElse(null));
        node.put("request_uuid", record.requestUuid());
        node.put("deployment_id", record.deploymentId());
        node.put("objective_id", record.objectiveId());
        node.put("model_id", record.modelId().orElse(null));
        node.put("model_version_id", record.modelVersionId().orElse(null));
        node.put("release", record.release().orElse(null));
        node.put("input", record.input());
        node.put("output", record.output().orElse(null));
        node.put("error", record.error().orElse(null));
        node.put("api_key_id", record.apiKeyId().orElse(null));
        node.put("latency_us", record.latencyMicros());
        node.put("role", record.role());
        return (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The calls of a segment; a last line cut short by a crash (never acknowledged) is ignored. */
    private static List<HistoryRecord> read(Path file) throws IOException {
        List<HistoryRecord> records = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text; (text = reader.readLine()) != null; ) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (IOException e) {
                    log.warn("skipping a torn line at the end of history spool {}", file);
                    continue;
                }
                records.add(new HistoryRecord(
                        Instant.parse(node.path("timestamp").asText()),
                        text(node, "user_id"),
                        node.path("request_uuid").asText(),
                        node.path("deployment_id").asText(),
                        node.path("objective_id").asText(),
                        text(node, "model_id"),
                        text(node, "model_version_id"),
                        text(node, "release"),
                        node.path("input").asText(),
                        text(node, "output"),
                        text(node, "error"),
                        text(node, "api_key_id"),
                        node.path("latency_us").asLong(),
                        node.path("role").asText()));
            }
        }
        return records;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}

package dev.modelyard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of this process's threads, Java and native alike (DuckDB's and ONNX Runtime's own threads included), from
 * {@code /proc/self/task/<tid>/schedstat}: what each thread ran and how long it was runnable but waited for a core.
 * Linux only; elsewhere the snapshots are empty.
 */
final class ThreadCpu {
    /** One thread between two snapshots; times in nanoseconds. */
    record Usage(String tid, String name, long ranNanos, long waitedNanos) {}

    private record Times(String name, long ran, long waited) {}

    /** The threads that ran or waited, busiest first, and the CPU time of the whole process. */
    record Result(List<Usage> threads, long processNanos) {}

    private final Map<String, Times> before;
    private final long processBefore;

    private ThreadCpu(Map<String, Times> before, long processBefore) {
        this.before = before;
        this.processBefore = processBefore;
    }

    static ThreadCpu start() {
        return new ThreadCpu(snapshot(), processCpuNanos());
    }

    /** What ran since {@link #start}. */
    Result stop() {
        long process = processCpuNanos() - processBefore;
        Map<String, Times> after = snapshot();
        List<Usage> usages = new ArrayList<>();
        after.forEach((tid, now) -> {
            Times then = before.getOrDefault(tid, new Times(now.name(), 0, 0));
            long ran = now.ran() - then.ran();
            long waited = now.waited() - then.waited();
            if (ran > 0 || waited > 0) {
                usages.add(new Usage(tid, now.name(), ran, waited));
            }
        });
        usages.sort((first, second) -> Long.compare(second.ranNanos(), first.ranNanos()));
        return new Result(usages, process);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The busiest threads as markdown table rows: ran and waited in seconds and in % of the wall time. */
    static String table(Result result, double wallSeconds, int top) {
        List<Usage> usages = result.threads();
        StringBuilder out = new StringBuilder(
                "| thread | ran s | ran % of wall | waited for a core s |\n" + "|---|---:|---:|---:|\n");
        long ranTotal = 0;
        long waitedTotal = 0;
        for (Usage usage : usages) {
            ranTotal += usage.ranNanos();
            waitedTotal += usage.waitedNanos();
        }
        for (Usage usage : usages.subList(0, Math.min(top, usages.size()))) {
            out.append(String.format(
                    Locale.ROOT,
                    "| `%s` | %.2f | %.0f | %.2f |%n",
                    usage.name(),
                    usage.ranNanos() / 1e9,
                    100 * usage.ranNanos() / 1e9 / wallSeconds,
                    usage.waitedNanos() / 1e9));
        }
        long ended = Math.max(0, result.processNanos() - ranTotal);
        out.append(String.format(
                Locale.ROOT,
                "| threads that ended before the phase did (e.g. the dataset engine's own workers) | %.2f | %.0f | |%n",
                ended / 1e9,
                100 * ended / 1e9 / wallSeconds));
        out.append(String.format(
                Locale.ROOT,
                "| whole process | %.2f | %.0f | %.2f (threads still alive) |%n",
                result.processNanos() / 1e9,
                100 * result.processNanos() / 1e9 / wallSeconds,
                waitedTotal / 1e9));
        return out.toString();
    }

    private static Map<String, Times> snapshot() {
        Map<String, Times> threads = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return threads;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
            for (Path task : entries) {
                try {
                    String[] fields =
                            Files.readString(task.resolve("schedstat")).strip().split(" ");
                    String name = Files.readString(task.resolve("comm")).strip();
                    threads.put(
                            task.getFileName().toString(),
                            new Times(name, Long.parseLong(fields[0]), Long.parseLong(fields[1])));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            // no per-thread times on this system
        }
        return threads;
    }
}

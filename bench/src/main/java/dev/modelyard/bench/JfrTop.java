package dev.modelyard.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises where a JFR recording's threads spent CPU. Java samples ({@code jdk.ExecutionSample}) are counted per
 * thread group, per package group of the top frame, per top frame, per first frame outside the JDK (who called the
 * JDK code at the top), and per method anywhere on the stack. Native samples ({@code jdk.NativeMethodSample}, e.g.
 * ONNX Runtime's {@code run}) are counted per top Java frame, leaving out threads that merely wait (epoll, park,
 * sleep, accept). Prints markdown.
 *
 * <p>Options: {@code --file recording.jfr --top 20}.
 */
public final class JfrTop {
    private static final List<String> IDLE = List.of(
            "sun.nio.ch.EPoll.wait",
            "jdk.internal.misc.Unsafe.park",
            "java.lang.Object.wait",
            "java.lang.Thread.sleep",
            "sun.nio.ch.Net.accept",
            "sun.nio.ch.Net.poll",
            "java.lang.ref.Reference.waitForReferencePendingList",
            "sun.nio.fs.LinuxWatchService.poll");

    private JfrTop() {}

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        Path file = Path.of(args.text("file", "recording.jfr"));
        int top = args.number("top", 20);
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> caller = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> modelyard = new HashMap<>();
        Map<String, Integer> natives = new HashMap<>();
        int samples = 0;
        int nativeSamples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            if (!"jdk.NativeMethodSample".equals(type) && !"jdk.ExecutionSample".equals(type)) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            String thread = threadGroup(event.getThread("sampledThread"));
            if ("jdk.NativeMethodSample".equals(type)) {
                String frame = name(frames.get(0));
                if (IDLE.stream().noneMatch(frame::startsWith)) {
                    nativeSamples++;
                    natives.merge(thread + ": " + frame, 1, Integer::sum);
                }
                continue;
            }
            samples++;
            threads.merge(thread, 1, Integer::sum);
            String topFrame = name(frames.get(0));
            self.merge(topFrame, 1, Integer::sum);
            packages.merge(packageGroup(topFrame), 1, Integer::sum);
            for (RecordedFrame frame : frames) {
                String method = name(frame);
                if (!isJdk(method)) {
                    if (isJdk(topFrame)) {
                        caller.merge(method, 1, Integer::sum);
                    }
                    break;
                }
            }
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = name(frame);
                if (seen.add(method)) {
                    inclusive.merge(method, 1, Integer::sum);
                    if (method.startsWith("dev.modelyard.")) {
                        modelyard.merge(method, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%d Java execution samples; %d native samples of threads not waiting.%n%n",
                samples,
                nativeSamples);
        print("thread (digits as N)", threads, samples, top);
        print("package group of the top frame", packages, samples, top);
        print("top frame (self time)", self, samples, top);
        print("JDK code at the top: first caller outside the JDK", caller, samples, top);
        print("dev.modelyard method anywhere on the stack (inclusive)", modelyard, samples, top);
        print("any method anywhere on the stack (inclusive)", inclusive, samples, top);
        // JFR's "profile" settings sample Java code every 10 ms and native code every 20 ms: a native sample
        // stands for twice the time of a Java one.
        Map<String, Integer> all = new HashMap<>();
        packages.forEach((group, count) -> all.put("Java: " + group, count));
        natives.forEach((frame, count) -> all.merge("native: " + frame, 2 * count, Integer::sum));
        print(
                "estimated share of CPU time, Java package groups and native calls (native samples weighted 2:"
                        + " 20 ms vs 10 ms sampling)",
                all,
                samples + 2 * nativeSamples,
                top);
    }

    private static String threadGroup(RecordedThread thread) {
        String name = thread == null ? null : thread.getJavaName();
        return name == null ? "?" : name.replaceAll("[0-9]+", "N");
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static boolean isJdk(String method) {
        return method.startsWith("java.") || method.startsWith("jdk.") || method.startsWith("sun.");
    }

    private static String packageGroup(String method) {
        for (String prefix : List.of(
                "java.util.regex.",
                "com.fasterxml.jackson.",
                "com.google.protobuf.",
                "io.netty.",
                "io.vertx.ext.web.",
                "io.vertx.grpc.",
                "io.vertx.core.",
                "ai.onnxruntime.",
                "dev.modelyard.")) {
            if (method.startsWith(prefix)) {
                return prefix + "*";
            }
        }
        return isJdk(method) ? "other JDK" : "other";
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.printf(Locale.ROOT, "| %% samples | %s |%n|---:|---|%n", title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(entry -> System.out.printf(
                        Locale.ROOT,
                        "| %.1f | `%s` |%n",
                        100.0 * entry.getValue() / Math.max(1, samples),
                        entry.getKey()));
        System.out.println();
    }
}

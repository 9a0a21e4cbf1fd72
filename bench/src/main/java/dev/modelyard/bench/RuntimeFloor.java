package dev.modelyard.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelArtifact;
import dev.modelyard.core.runtime.RuntimeOptions;
import dev.modelyard.core.runtime.Tensor;
import dev.modelyard.runtime.onnx.OnnxRuntime;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The runtime floor: one 1×N FP32 prediction in-process, no network, through Modelyard's own {@link OnnxRuntime}
 * (tensor checks and conversions included) and through the raw {@code ai.onnxruntime} API with the same session
 * options. Prints one {@code RESULT} line per measurement.
 *
 * <p>Options: {@code --model FILE --label NAME --calls 200000 --warmup 50000 --threads 2 --seconds 10}.
 */
public final class RuntimeFloor {
    private RuntimeFloor() {}

    /** One way to run a prediction. */
    private interface Call {
        float firstOutput() throws Exception;
    }

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        Path model = Path.of(args.text("model", "bench/src/main/resources/fixtures/wine_mlp.onnx"))
                .toAbsolutePath();
        String label = args.text("label", "wine");
        int calls = args.number("calls", 200_000);
        int warmup = args.number("warmup", 50_000);
        int threads = args.number("threads", 2);
        double seconds = args.decimal("seconds", 10);

        LoadedModel modelyard = new OnnxRuntime()
                .load(
                        new ModelArtifact("bench", model.getParent(), model, Signature.empty(), Map.of()),
                        RuntimeOptions.defaults());
        TensorSpec input = modelyard.signature().inputs().get(0);
        int features = Math.toIntExact(input.shape().get(input.shape().size() - 1));
        float[] row = Inputs.row(features);
        long[] shape = {1, features};
        Tensor tensor = Tensor.ofFloats(input.name(), shape, row);
        List<Tensor> inputs = List.of(tensor);
        Call viaModelyard = () -> modelyard.predict(inputs, Set.of()).get(0).floats()[0];

        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (SessionOptions options = new SessionOptions()) {
            // The options OnnxRuntime uses, so the two differ only in the Java code around session.run.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OptLevel.ALL_OPT);
            options.setMemoryPatternOptimization(true);
            session = environment.createSession(model.toString(), options);
        }
        String inputName = session.getInputNames().iterator().next();
        Call raw = () -> {
            try (OnnxTensor feed = OnnxTensor.createTensor(environment, FloatBuffer.wrap(row), shape);
                    OrtSession.Result result = session.run(Map.of(inputName, feed))) {
                return ((float[][]) result.get(0).getValue())[0][0];
            }
        };

        System.out.printf(
                Locale.ROOT,
                "# %s: input %s %s, %d calls at concurrency 1 after %d warm-up calls; %d threads for %.0f s%n",
                label,
                input.name(),
                input.shape(),
                calls,
                warmup,
                threads,
                seconds);
        for (int index = 0; index < warmup; index++) {
            viaModelyard.firstOutput();
            raw.firstOutput();
        }
        report("runtime-raw", label, 1, latency(raw, calls));
        report("runtime-modelyard", label, 1, latency(viaModelyard, calls));
        throughput("runtime-raw", label, raw, threads, seconds);
        throughput("runtime-modelyard", label, viaModelyard, threads, seconds);
        modelyard.close();
        session.close();
    }

    private static Measured latency(Call call, int calls) throws Exception {
        Latencies latencies = new Latencies();
        float sink = 0;
        long started = System.nanoTime();
        for (int index = 0; index < calls; index++) {
            long before = System.nanoTime();
            sink += call.firstOutput();
            latencies.add(System.nanoTime() - before);
        }
        long elapsed = System.nanoTime() - started;
        if (Float.isNaN(sink)) {
            System.out.println("# NaN output");
        }
        return new Measured(calls / (elapsed / 1e9), latencies);
    }

    private static void throughput(String name, String label, Call call, int threads, double seconds)
            throws InterruptedException {
        LongAdder done = new LongAdder();
        List<Latencies> perThread = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long started = System.nanoTime();
        for (int index = 0; index < threads; index++) {
            Latencies latencies = new Latencies();
            perThread.add(latencies);
            Thread thread = new Thread(() -> {
                try {
                    long now = System.nanoTime();
                    while (now < deadline) {
                        call.firstOutput();
                        long after = System.nanoTime();
                        latencies.add(after - now);
                        done.increment();
                        now = after;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            running.add(thread);
            thread.start();
        }
        for (Thread thread : running) {
            thread.join();
        }
        long elapsed = System.nanoTime() - started;
        Latencies all = new Latencies();
        perThread.forEach(all::addAll);
        report(name, label, threads, new Measured(done.sum() / (elapsed / 1e9), all));
    }

    private static void report(String name, String label, int concurrency, Measured measured) {
        System.out.printf(
                Locale.ROOT,
                "RESULT name=%s model=%s concurrency=%d rps=%.0f %s requests=%d errors=0%n",
                name,
                label,
                concurrency,
                measured.rps(),
                measured.latencies().summary(),
                measured.latencies().size());
    }

    private record Measured(double rps, Latencies latencies) {}
}

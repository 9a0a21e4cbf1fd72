package dev.modelyard.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.RuntimeOptions;
import dev.modelyard.core.runtime.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints the per-call latency of a 1×13 wine prediction through {@link OnnxLoadedModel} and through the
 * raw ONNX Runtime API on an identically configured session. Variants run interleaved in short blocks so that load
 * changes on the machine hit all of them alike. Run with {@code mvn -pl runtime-onnx test
 * -Dtest=OnnxLatencyBenchmark}; the name keeps it out of normal test runs.
 */
class OnnxLatencyBenchmark {

    private static final int WARM_UP_CALLS = 20_000;
    private static final int BLOCK_CALLS = 2_000;
    private static final int ROUNDS = 40;

    @FunctionalInterface
    private interface Call {
        float run() throws OrtException;
    }

    @Test
    void printLatencies() throws Exception {
        float[] row = Fixtures.floatRows("wine.csv", 13)[0];
        long[] shape = {1, 13};
        OnnxRuntime runtime = new OnnxRuntime();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (LoadedModel model = runtime.load(Fixtures.artifact("wine_mlp.onnx"), RuntimeOptions.defaults());
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setMemoryPatternOptimization(true);
            try (OrtSession raw =
                    environment.createSession(Fixtures.path("wine_mlp.onnx").toString(), options)) {
                ByteBuffer direct = ByteBuffer.allocateDirect(13 * Float.BYTES).order(ByteOrder.nativeOrder());
                Map<String, Call> variants = new LinkedHashMap<>();
                variants.put("modelyard OnnxLoadedModel.predict", () -> ((float[])
                                model.predict(List.of(Tensor.ofFloats("input", shape, row)), Set.of())
                                        .get(0)
                                        .values())
                        [0]);
                variants.put("raw ORT: FloatBuffer.wrap + getFloatBuffer", () -> {
                    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(row), shape);
                            OrtSession.Result result = raw.run(Map.of("input", tensor))) {
                        return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
                    }
                });
                variants.put("raw ORT: float[][] + getValue", () -> {
                    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, new float[][] {row});
                            OrtSession.Result result = raw.run(Map.of("input", tensor))) {
                        return ((float[][]) result.get(0).getValue())[0][0];
                    }
                });
                variants.put("raw ORT: reused direct buffer + getFloatBuffer", () -> {
                    FloatBuffer buffer = direct.asFloatBuffer().put(row).rewind();
                    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, buffer, shape);
                            OrtSession.Result result = raw.run(Map.of("input", tensor))) {
                        return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
                    }
                });
                measure(variants);
            }
        }
    }

    private static void measure(Map<String, Call> variants) throws OrtException {
        float sink = 0;
        for (Call call : variants.values()) {
            for (int index = 0; index < WARM_UP_CALLS; index++) {
                sink += call.run();
            }
        }
        ThreadMXBean threadTimes = ManagementFactory.getThreadMXBean();
        Map<String, List<Double>> microsPerCall = new LinkedHashMap<>();
        Map<String, List<Double>> cpuMicrosPerCall = new LinkedHashMap<>();
        variants.keySet().forEach(name -> microsPerCall.put(name, new ArrayList<>()));
        variants.keySet().forEach(name -> cpuMicrosPerCall.put(name, new ArrayList<>()));
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Call> variant : variants.entrySet()) {
                long start = System.nanoTime();
                long cpuStart = threadTimes.getCurrentThreadCpuTime();
                for (int index = 0; index < BLOCK_CALLS; index++) {
                    sink += variant.getValue().run();
                }
                cpuMicrosPerCall
                        .get(variant.getKey())
                        .add((threadTimes.getCurrentThreadCpuTime() - cpuStart) / 1e3 / BLOCK_CALLS);
                microsPerCall.get(variant.getKey()).add((System.nanoTime() - start) / 1e3 / BLOCK_CALLS);
            }
        }
        System.out.printf("ONNX wine_mlp 1x13, %d rounds of %d calls (sink %s)%n", ROUNDS, BLOCK_CALLS, sink);
        for (String name : variants.keySet()) {
            double[] wall = sorted(microsPerCall.get(name));
            double[] cpu = sorted(cpuMicrosPerCall.get(name));
            System.out.printf(
                    "  %-46s wall median %7.2f us, min %7.2f us | thread CPU median %7.2f us, min %7.2f us%n",
                    name, wall[wall.length / 2], wall[0], cpu[cpu.length / 2], cpu[0]);
        }
        System.out.println("  load average: " + loadAverage());
    }

    private static String loadAverage() {
        return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double[] sorted(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
}

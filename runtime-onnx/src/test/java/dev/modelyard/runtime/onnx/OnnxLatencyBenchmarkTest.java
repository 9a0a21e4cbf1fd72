package dev.modelyard.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.RuntimeOptions;
import dev.modelyard.core.runtime.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: prints the per-call latency of a 1×13 wine prediction through {@link OnnxLoadedModel} and through the
 * raw ONNX Runtime API on an identically configured session. Variants run interleaved in short blocks so that load
 * changes on the machine hit all of them alike. Run with {@code mvn -pl runtime-onnx test
 * -Dtest=OnnxLatencyBenchmarkTest -Dmodelyard.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "modelyard.benchmark", matches = "true")
class OnnxLatencyBenchmarkTest {

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
        Map<String, List<Double>> microsPerCall = new LinkedHashMap<>();
        variants.keySet().forEach(name -> microsPerCall.put(name, new ArrayList<>()));
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Call> variant : variants.entrySet()) {
                long start = System.nanoTime();
                for (int index = 0; index < BLOCK_CALLS; index++) {
                    sink += variant.getValue().run();
                }
                microsPerCall.get(variant.getKey()).add((System.nanoTime() - start) / 1e3 / BLOCK_CALLS);
            }
        }
        System.out.printf("ONNX wine_mlp 1x13, %d rounds of %d calls (sink %s)%n", ROUNDS, BLOCK_CALLS, sink);
        microsPerCall.forEach((name, values) -> {
            double[] sorted =
                    values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(
                    "  %-48s median %6.2f us  min %6.2f us  p90 %6.2f us%n",
                    name, sorted[sorted.length / 2], sorted[0], sorted[(int) (sorted.length * 0.9)]);
        });
        System.out.println("  " + Arrays.toString(new String[] {"load: " + loadAverage()}));
    }

    private static String loadAverage() {
        return String.valueOf(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }
}

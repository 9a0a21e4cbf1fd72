package dev.modelyard.runtime.xgboost;

import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.RuntimeOptions;
import dev.modelyard.core.runtime.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints the per-call latency of a 1×8 prediction of the binary fixture through {@link
 * XgboostLoadedModel}, raw in-place prediction and raw DMatrix prediction, then their throughput from several threads
 * on one booster. Run with {@code mvn -pl runtime-xgboost test -Dtest=XgboostLatencyBenchmark}; the name keeps it
 * out of normal test runs.
 */
class XgboostLatencyBenchmark {

    private static final int WARM_UP_CALLS = 5_000;
    private static final int BLOCK_CALLS = 500;
    private static final int ROUNDS = 30;
    private static final int THROUGHPUT_CALLS_PER_THREAD = 5_000;

    @FunctionalInterface
    private interface Call {
        float run() throws XGBoostError;
    }

    @Test
    void printLatencies() throws Exception {
        float[] row = Fixtures.floatRows("synth_binary.csv", 8)[0];
        long[] shape = {1, 8};
        Booster raw = XGBoost.loadModel(Fixtures.path("synth_binary_xgb.json").toString());
        raw.setParam("nthread", 1);
        try (LoadedModel model =
                new XgboostRuntime().load(Fixtures.artifact("synth_binary_xgb.json"), RuntimeOptions.defaults())) {
            Map<String, Call> variants = new LinkedHashMap<>();
            variants.put("modelyard XgboostLoadedModel.predict", () -> ((float[])
                            model.predict(List.of(Tensor.ofFloats("input", shape, row)), Set.of())
                                    .get(0)
                                    .values())
                    [0]);
            variants.put("raw Booster.inplace_predict", () -> raw.inplace_predict(row, 1, 8, Float.NaN)[0][0]);
            variants.put("raw DMatrix + Booster.predict (synchronized)", () -> {
                DMatrix matrix = new DMatrix(row, 1, 8, Float.NaN);
                try {
                    return raw.predict(matrix)[0][0];
                } finally {
                    matrix.dispose();
                }
            });
            measure(variants);
            for (int threads : new int[] {1, 2, 4}) {
                for (Map.Entry<String, Call> variant : variants.entrySet()) {
                    System.out.printf(
                            "  %d threads %-44s %8.0f predictions/s%n",
                            threads, variant.getKey(), throughput(variant.getValue(), threads));
                }
            }
        } finally {
            raw.dispose();
        }
    }

    private static double throughput(Call call, int threads) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Float>> results = new ArrayList<>();
            long start = System.nanoTime();
            for (int thread = 0; thread < threads; thread++) {
                results.add(executor.submit(() -> {
                    float sink = 0;
                    for (int index = 0; index < THROUGHPUT_CALLS_PER_THREAD; index++) {
                        sink += call.run();
                    }
                    return sink;
                }));
            }
            for (Future<Float> result : results) {
                result.get();
            }
            return (double) threads * THROUGHPUT_CALLS_PER_THREAD / ((System.nanoTime() - start) / 1e9);
        } finally {
            executor.shutdownNow();
        }
    }

    private static void measure(Map<String, Call> variants) throws XGBoostError {
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
        System.out.printf("XGBoost synth_binary 1x8, %d rounds of %d calls (sink %s)%n", ROUNDS, BLOCK_CALLS, sink);
        for (String name : variants.keySet()) {
            double[] wall = sorted(microsPerCall.get(name));
            double[] cpu = sorted(cpuMicrosPerCall.get(name));
            System.out.printf(
                    "  %-46s wall median %7.2f us, min %7.2f us | thread CPU median %7.2f us, min %7.2f us%n",
                    name, wall[wall.length / 2], wall[0], cpu[cpu.length / 2], cpu[0]);
        }
        System.out.println("  load average: "
                + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double[] sorted(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
}

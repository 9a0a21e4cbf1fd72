package dev.modelyard.runtime.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.modelyard.core.modelpackage.RuntimeName;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.InvalidInputException;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelExecutionException;
import dev.modelyard.core.runtime.ModelLoadException;
import dev.modelyard.core.runtime.RuntimeOptions;
import dev.modelyard.core.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XgboostRuntimeTest {

    private static final int FEATURES = 8;

    private final XgboostRuntime runtime = new XgboostRuntime();

    @TempDir
    Path temporary;

    @Test
    void namesItsRuntime() {
        assertThat(runtime.runtime()).isEqualTo(RuntimeName.XGBOOST);
    }

    @Test
    void binaryClassifierMatchesTheReferenceAsOneBatch() {
        float[][] rows = Fixtures.floatRows("synth_binary.csv", FEATURES);
        float[][] expected = Fixtures.floatRows("synth_binary_xgb_expected.csv", 1);
        try (LoadedModel model = load("synth_binary_xgb.json")) {
            Tensor output = single(model.predict(List.of(input(rows)), Set.of()));
            assertThat(output.name()).isEqualTo("prediction");
            assertThat(output.datatype()).isEqualTo(DataType.FP32);
            assertThat(output.shape()).containsExactly(rows.length);
            assertWithin(output.floats(), Fixtures.flatten(expected), 1e-5);
        }
    }

    @Test
    void binaryClassifierMatchesTheReferenceRowByRow() {
        float[][] rows = Fixtures.floatRows("synth_binary.csv", FEATURES);
        float[][] expected = Fixtures.floatRows("synth_binary_xgb_expected.csv", 1);
        try (LoadedModel model = load("synth_binary_xgb.json")) {
            for (int row = 0; row < rows.length; row++) {
                Tensor output = single(model.predict(List.of(input(new float[][] {rows[row]})), Set.of("prediction")));
                assertThat(output.shape()).containsExactly(1);
                assertThat(output.floats()[0]).isCloseTo(expected[row][0], within(1e-5f));
            }
        }
    }

    @Test
    void signatureAgreesWithUploadInspection() {
        try (LoadedModel model = load("synth_binary_xgb.json")) {
            assertThat(model.signature())
                    .isEqualTo(new Signature(
                            List.of(new TensorSpec("input", "FP32", List.of(-1L, 8L))),
                            List.of(new TensorSpec("prediction", "FP32", List.of(-1L))),
                            List.of()));
            assertThat(((XgboostLoadedModel) model).usesInplacePrediction()).isTrue();
        }
    }

    @Test
    void wrongInputsAreRejectedNamingTheInput() {
        try (LoadedModel model = load("synth_binary_xgb.json")) {
            Tensor narrow = Tensor.ofFloats("input", new long[] {1, 7}, new float[7]);
            assertThatThrownBy(() -> model.predict(List.of(narrow), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'input'")
                    .hasMessageContaining("[1, 7]")
                    .hasMessageContaining("8");
            Tensor flat = Tensor.ofFloats("input", new long[] {8}, new float[8]);
            assertThatThrownBy(() -> model.predict(List.of(flat), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'input'");
            Tensor misnamed = Tensor.ofFloats("features", new long[] {1, 8}, new float[8]);
            assertThatThrownBy(() -> model.predict(List.of(misnamed), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'features'");
            Tensor integers = new Tensor("input", DataType.INT64, new long[] {1, 8}, new long[8]);
            assertThatThrownBy(() -> model.predict(List.of(integers), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'input'")
                    .hasMessageContaining("INT64");
            Tensor row = Tensor.ofFloats("input", new long[] {1, 8}, new float[8]);
            assertThatThrownBy(() -> model.predict(List.of(row, row), Set.of()))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> model.predict(List.of(row), Set.of("probabilities")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'probabilities'");
        }
    }

    @Test
    void fp64InputIsConvertedToFp32() {
        float[][] floatRows = Fixtures.floatRows("synth_binary.csv", FEATURES);
        double[][] doubleRows = Fixtures.doubleRows("synth_binary.csv", FEATURES);
        try (LoadedModel model = load("synth_binary_xgb.json")) {
            Tensor fromFloats = single(model.predict(List.of(input(floatRows)), Set.of()));
            Tensor fromDoubles = single(model.predict(
                    List.of(new Tensor(
                            "input",
                            DataType.FP64,
                            new long[] {doubleRows.length, FEATURES},
                            Fixtures.flatten(doubleRows))),
                    Set.of()));
            assertThat(fromDoubles.floats()).containsExactly(fromFloats.floats());
        }
    }

    @Test
    void missingValuesAndEmptyBatchesArePredicted() {
        try (LoadedModel model = load("synth_binary_xgb.json")) {
            float[] missing = new float[FEATURES];
            Arrays.fill(missing, Float.NaN);
            Tensor output =
                    single(model.predict(List.of(Tensor.ofFloats("input", new long[] {1, 8}, missing)), Set.of()));
            assertThat(output.floats()[0]).isBetween(0f, 1f);
            Tensor empty =
                    single(model.predict(List.of(Tensor.ofFloats("input", new long[] {0, 8}, new float[0])), Set.of()));
            assertThat(empty.shape()).containsExactly(0);
        }
    }

    @Test
    void corruptAndMissingFilesFailToLoad() throws IOException {
        byte[] json = Files.readAllBytes(Fixtures.path("synth_binary_xgb.json"));
        Path truncated = Files.write(temporary.resolve("truncated.json"), Arrays.copyOf(json, json.length / 2));
        byte[] noise = new byte[2048];
        new Random(7).nextBytes(noise);
        Path random = Files.write(temporary.resolve("noise.ubj"), noise);
        Path notJson = Files.writeString(temporary.resolve("config.json"), "{\"learner\": 3}");
        for (Path broken : List.of(truncated, random, notJson, temporary.resolve("absent.json"))) {
            assertThatThrownBy(() -> runtime.load(Fixtures.artifact(broken), RuntimeOptions.defaults()))
                    .as(broken.getFileName().toString())
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageNotContaining("Stack trace");
        }
    }

    @Test
    void concurrentPredictionsGiveIdenticalResults() throws Exception {
        float[][] rows = Fixtures.floatRows("synth_binary.csv", FEATURES);
        try (LoadedModel model = load("synth_binary_xgb.json")) {
            assertConcurrentPredictionsMatch(model, Arrays.copyOf(rows, 300));
        }
    }

    @Test
    void multiClassModelsReturnProbabilitiesAndUbjsonWithoutExtensionLoads() throws Exception {
        float[][] rows = Fixtures.floatRows("synth_binary.csv", FEATURES);
        Booster trained = train(rows, Map.of("objective", "multi:softprob", "num_class", 3, "max_depth", 3));
        try {
            Path file = Files.write(temporary.resolve("model"), trained.toByteArray("ubj"));
            float[][] reference = predictDirectly(trained, rows);
            try (LoadedModel model = runtime.load(Fixtures.artifact(file), RuntimeOptions.defaults())) {
                assertThat(model.signature().outputs())
                        .containsExactly(new TensorSpec("probabilities", "FP32", List.of(-1L, 3L)));
                Tensor output = single(model.predict(List.of(input(rows)), Set.of()));
                assertThat(output.name()).isEqualTo("probabilities");
                assertThat(output.shape()).containsExactly(rows.length, 3);
                assertThat(output.floats()).containsExactly(flatten(reference));
                float[] first = Arrays.copyOf(output.floats(), 3);
                assertThat(first[0] + first[1] + first[2]).isCloseTo(1f, within(1e-5f));
                assertConcurrentPredictionsMatch(model, Arrays.copyOf(rows, 100));
            }
        } finally {
            trained.dispose();
        }
    }

    @Test
    void linearBoostersPredictThroughADMatrix() throws Exception {
        float[][] rows = Fixtures.floatRows("synth_binary.csv", FEATURES);
        Booster trained = train(rows, Map.of("objective", "reg:squarederror", "booster", "gblinear"));
        try {
            Path file = temporary.resolve("linear.json");
            trained.saveModel(file.toString());
            float[][] reference = predictDirectly(trained, rows);
            try (LoadedModel model = runtime.load(Fixtures.artifact(file), new RuntimeOptions(2))) {
                assertThat(((XgboostLoadedModel) model).usesInplacePrediction()).isFalse();
                assertThat(model.signature().outputs())
                        .containsExactly(new TensorSpec("prediction", "FP32", List.of(-1L)));
                Tensor output = single(model.predict(List.of(input(rows)), Set.of()));
                assertThat(output.floats()).containsExactly(flatten(reference));
                assertConcurrentPredictionsMatch(model, Arrays.copyOf(rows, 100));
            }
        } finally {
            trained.dispose();
        }
    }

    @Test
    void closingIsIdempotentAndStopsPredictions() {
        LoadedModel model = load("synth_binary_xgb.json");
        model.close();
        model.close();
        assertThatThrownBy(() ->
                        model.predict(List.of(Tensor.ofFloats("input", new long[] {1, 8}, new float[8])), Set.of()))
                .isInstanceOf(ModelExecutionException.class);
    }

    private static void assertConcurrentPredictionsMatch(LoadedModel model, float[][] rows) throws Exception {
        float[][] sequential = new float[rows.length][];
        for (int row = 0; row < rows.length; row++) {
            sequential[row] = single(model.predict(List.of(input(new float[][] {rows[row]})), Set.of()))
                    .floats();
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<float[][]>> tasks = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                tasks.add(() -> {
                    float[][] results = new float[rows.length][];
                    for (int repeat = 0; repeat < 3; repeat++) {
                        for (int row = 0; row < rows.length; row++) {
                            results[row] = single(model.predict(List.of(input(new float[][] {rows[row]})), Set.of()))
                                    .floats();
                        }
                    }
                    return results;
                });
            }
            for (Future<float[][]> result : threads.invokeAll(tasks)) {
                assertThat(result.get()).isDeepEqualTo(sequential);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Trains a small model in-process on the fixture's rows, labelled into three bands of f0 + f1. */
    private static Booster train(float[][] rows, Map<String, Object> parameters) throws XGBoostError {
        float[] labels = new float[rows.length];
        for (int row = 0; row < rows.length; row++) {
            double score = rows[row][0] + rows[row][1];
            labels[row] = score < -1 ? 0 : score < 1 ? 1 : 2;
        }
        DMatrix data = new DMatrix(Fixtures.flatten(rows), rows.length, FEATURES, Float.NaN);
        try {
            data.setLabel(labels);
            Map<String, Object> all = new java.util.HashMap<>(parameters);
            all.put("nthread", 1);
            all.put("seed", 7);
            return XGBoost.train(data, all, 5, Map.of(), null, null);
        } finally {
            data.dispose();
        }
    }

    private static float[][] predictDirectly(Booster booster, float[][] rows) throws XGBoostError {
        DMatrix data = new DMatrix(Fixtures.flatten(rows), rows.length, FEATURES, Float.NaN);
        try {
            return booster.predict(data);
        } finally {
            data.dispose();
        }
    }

    private LoadedModel load(String fixture) {
        return runtime.load(Fixtures.artifact(fixture), RuntimeOptions.defaults());
    }

    private static Tensor input(float[][] rows) {
        return Tensor.ofFloats("input", new long[] {rows.length, rows[0].length}, Fixtures.flatten(rows));
    }

    private static Tensor single(List<Tensor> outputs) {
        assertThat(outputs).hasSize(1);
        return outputs.get(0);
    }

    private static float[] flatten(float[][] rows) {
        return Fixtures.flatten(rows);
    }

    private static void assertWithin(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        int worstIndex = -1;
        for (int index = 0; index < expected.length; index++) {
            double difference = Math.abs((double) actual[index] - expected[index]);
            if (!(difference <= worst)) {
                worst = difference;
                worstIndex = index;
            }
        }
        assertThat(worst).as("largest difference, at index %d", worstIndex).isLessThanOrEqualTo(tolerance);
    }
}

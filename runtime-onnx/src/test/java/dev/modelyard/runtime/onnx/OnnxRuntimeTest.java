package dev.modelyard.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxRuntimeTest {

    private static final int WINE_FEATURES = 13;

    private final OnnxRuntime runtime = new OnnxRuntime();

    @TempDir
    Path temporary;

    @Test
    void namesItsRuntime() {
        assertThat(runtime.runtime()).isEqualTo(RuntimeName.ONNX);
    }

    @Test
    void wineMatchesTheReferenceAsOneBatch() {
        float[][] rows = Fixtures.floatRows("wine.csv", WINE_FEATURES);
        float[][] expected = Fixtures.floatRows("wine_mlp_expected.csv", 3);
        try (LoadedModel model = load("wine_mlp.onnx")) {
            Tensor output = single(model.predict(List.of(input(rows)), Set.of()));
            assertThat(output.name()).isEqualTo("probabilities");
            assertThat(output.datatype()).isEqualTo(DataType.FP32);
            assertThat(output.shape()).containsExactly(rows.length, 3);
            assertWithin(output.floats(), expected, 1e-5);
        }
    }

    @Test
    void wineMatchesTheReferenceRowByRow() {
        float[][] rows = Fixtures.floatRows("wine.csv", WINE_FEATURES);
        float[][] expected = Fixtures.floatRows("wine_mlp_expected.csv", 3);
        try (LoadedModel model = load("wine_mlp.onnx")) {
            for (int row = 0; row < rows.length; row++) {
                Tensor output = single(model.predict(List.of(input(new float[][] {rows[row]})), Set.of()));
                assertThat(output.shape()).containsExactly(1, 3);
                assertWithin(output.floats(), new float[][] {expected[row]}, 1e-5);
            }
        }
    }

    @Test
    void digitsMatchTheReferenceAsOneBatchAndRowByRow() {
        float[][] rows = Fixtures.floatRows("digits_sample.csv", 64);
        float[][] expected = Fixtures.floatRows("digits_mlp_expected.csv", 10);
        try (LoadedModel model = load("digits_mlp.onnx")) {
            Tensor batch = single(model.predict(List.of(input(rows)), Set.of("probabilities")));
            assertThat(batch.shape()).containsExactly(rows.length, 10);
            assertWithin(batch.floats(), expected, 1e-5);
            for (int row = 0; row < rows.length; row++) {
                Tensor output = single(model.predict(List.of(input(new float[][] {rows[row]})), Set.of()));
                assertWithin(output.floats(), new float[][] {expected[row]}, 1e-5);
            }
        }
    }

    @Test
    void regressionMatchesTheReferenceWithinItsTolerance() {
        float[][] rows = Fixtures.floatRows("synth_regression.csv", 5);
        float[][] expected = Fixtures.floatRows("synth_regression_expected.csv", 1);
        try (LoadedModel model = load("synth_regression_linear.onnx")) {
            Tensor output = single(model.predict(List.of(input(rows)), Set.of()));
            assertThat(output.name()).isEqualTo("prediction");
            assertThat(output.shape()).containsExactly(rows.length, 1);
            assertWithin(output.floats(), expected, 1e-3);
        }
    }

    @Test
    void signatureComesFromTheSessionAndItsMetadata() {
        List<String> wineColumns = Fixtures.header("wine.csv").subList(0, WINE_FEATURES);
        try (LoadedModel model = load("wine_mlp.onnx")) {
            assertThat(model.signature())
                    .isEqualTo(new Signature(
                            List.of(new TensorSpec("input", "FP32", List.of(-1L, 13L))),
                            List.of(new TensorSpec("probabilities", "FP32", List.of(-1L, 3L))),
                            wineColumns));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not_a_model.onnx", "truncated.onnx"})
    void brokenFilesFailToLoad(String fileName) {
        assertThatThrownBy(() -> load(fileName))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void aMissingFileFailsToLoad() {
        assertThatThrownBy(() ->
                        runtime.load(Fixtures.artifact(temporary.resolve("absent.onnx")), RuntimeOptions.defaults()))
                .isInstanceOf(ModelLoadException.class);
    }

    @Test
    void wrongInputNameIsRejectedNamingIt() {
        try (LoadedModel model = load("wine_mlp.onnx")) {
            Tensor misnamed = Tensor.ofFloats("features", new long[] {1, 13}, new float[13]);
            assertThatThrownBy(() -> model.predict(List.of(misnamed), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'features'")
                    .hasMessageContaining("input");
        }
    }

    @Test
    void wrongWidthIsRejectedNamingTheInput() {
        try (LoadedModel model = load("wine_mlp.onnx")) {
            Tensor narrow = Tensor.ofFloats("input", new long[] {1, 12}, new float[12]);
            assertThatThrownBy(() -> model.predict(List.of(narrow), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'input'")
                    .hasMessageContaining("[1, 12]")
                    .hasMessageContaining("13");
            Tensor flat = Tensor.ofFloats("input", new long[] {13}, new float[13]);
            assertThatThrownBy(() -> model.predict(List.of(flat), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'input'");
        }
    }

    @Test
    void wrongTypeIsRejectedNamingTheInput() {
        try (LoadedModel model = load("wine_mlp.onnx")) {
            Tensor integers = new Tensor("input", DataType.INT64, new long[] {1, 13}, new long[13]);
            assertThatThrownBy(() -> model.predict(List.of(integers), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'input'")
                    .hasMessageContaining("INT64")
                    .hasMessageContaining("FP32");
        }
    }

    @Test
    void missingRepeatedInputsAndUnknownOutputsAreRejected() {
        try (LoadedModel model = load("wine_mlp.onnx")) {
            Tensor row = Tensor.ofFloats("input", new long[] {1, 13}, new float[13]);
            assertThatThrownBy(() -> model.predict(List.of(), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'input' is missing");
            assertThatThrownBy(() -> model.predict(List.of(row, row), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("more than once");
            assertThatThrownBy(() -> model.predict(List.of(row), Set.of("logits")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'logits'");
        }
    }

    @Test
    void fp64InputIsConvertedToFp32() {
        float[][] floatRows = Fixtures.floatRows("wine.csv", WINE_FEATURES);
        double[][] doubleRows = Fixtures.doubleRows("wine.csv", WINE_FEATURES);
        try (LoadedModel model = load("wine_mlp.onnx")) {
            Tensor fromFloats = single(model.predict(List.of(input(floatRows)), Set.of()));
            Tensor fromDoubles = single(model.predict(
                    List.of(new Tensor(
                            "input",
                            DataType.FP64,
                            new long[] {doubleRows.length, WINE_FEATURES},
                            Fixtures.flatten(doubleRows))),
                    Set.of()));
            assertThat(fromDoubles.datatype()).isEqualTo(DataType.FP32);
            assertThat(fromDoubles.floats()).containsExactly(fromFloats.floats());
        }
    }

    @Test
    void anEmptyBatchGivesAnEmptyOutput() {
        try (LoadedModel model = load("wine_mlp.onnx")) {
            Tensor output = single(
                    model.predict(List.of(Tensor.ofFloats("input", new long[] {0, 13}, new float[0])), Set.of()));
            assertThat(output.shape()).containsExactly(0, 3);
            assertThat(output.floats()).isEmpty();
        }
    }

    @Test
    void aGraphBuiltInJavaWithTribuoRuns() throws IOException {
        Path file = TestGraphs.writeAffine(temporary);
        float[] rows = {1f, 0f, 0f, 0f, 1f, 0f, 1f, 1f, 1f};
        try (LoadedModel model = runtime.load(Fixtures.artifact(file), RuntimeOptions.defaults())) {
            assertThat(model.signature().inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 3L)));
            assertThat(model.signature().outputs()).containsExactly(new TensorSpec("output", "FP32", List.of(-1L, 2L)));
            assertThat(model.signature().featureNames()).isEmpty();
            Tensor output = single(model.predict(List.of(Tensor.ofFloats("input", new long[] {3, 3}, rows)), Set.of()));
            assertThat(output.shape()).containsExactly(3, 2);
            // W = [[1, 2], [3, 4], [5, 6]], b = [0.5, -1]
            assertThat(output.floats()).containsExactly(1.5f, 1f, 3.5f, 3f, 9.5f, 11f);
        }
    }

    @Test
    void everyInputTypeRoundTripsThroughIdentityGraphs() throws IOException {
        long[] shape = {2, 2};
        assertRoundTrip(
                OnnxMl.TensorProto.DataType.FLOAT,
                new Tensor("input", DataType.FP32, shape, new float[] {1.5f, -2f, 0f, Float.MAX_VALUE}));
        assertRoundTrip(
                OnnxMl.TensorProto.DataType.DOUBLE,
                new Tensor("input", DataType.FP64, shape, new double[] {1e-300, -2.5, 0, Math.PI}));
        assertRoundTrip(
                OnnxMl.TensorProto.DataType.INT32,
                new Tensor("input", DataType.INT32, shape, new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}));
        assertRoundTrip(
                OnnxMl.TensorProto.DataType.INT64,
                new Tensor("input", DataType.INT64, shape, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}));
        assertRoundTrip(
                OnnxMl.TensorProto.DataType.INT16,
                new Tensor("input", DataType.INT16, shape, new int[] {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE}));
        assertRoundTrip(
                OnnxMl.TensorProto.DataType.INT8,
                new Tensor("input", DataType.INT8, shape, new int[] {-128, -1, 0, 127}));
        assertRoundTrip(
                OnnxMl.TensorProto.DataType.UINT8,
                new Tensor("input", DataType.UINT8, shape, new int[] {0, 1, 128, 255}));
        assertRoundTrip(
                OnnxMl.TensorProto.DataType.BOOL,
                new Tensor("input", DataType.BOOL, shape, new boolean[] {true, false, false, true}));
        byte[][] strings = {utf8("web"), utf8(""), utf8("größe"), utf8("東京")};
        assertRoundTrip(OnnxMl.TensorProto.DataType.STRING, new Tensor("input", DataType.BYTES, shape, strings));
    }

    @Test
    void valuesOutsideTheInputTypeAndInvalidTextAreRejected() throws IOException {
        try (LoadedModel uint8 = loadFile(TestGraphs.writeIdentity(temporary, OnnxMl.TensorProto.DataType.UINT8));
                LoadedModel text = loadFile(TestGraphs.writeIdentity(temporary, OnnxMl.TensorProto.DataType.STRING))) {
            Tensor tooLarge = new Tensor("input", DataType.UINT8, new long[] {1, 2}, new int[] {1, 256});
            assertThatThrownBy(() -> uint8.predict(List.of(tooLarge), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'input'")
                    .hasMessageContaining("256");
            Tensor notUtf8 =
                    new Tensor("input", DataType.BYTES, new long[] {1, 2}, new byte[][] {utf8("ok"), {(byte) 0xC3}});
            assertThatThrownBy(() -> text.predict(List.of(notUtf8), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'input'")
                    .hasMessageContaining("UTF-8");
        }
    }

    @Test
    void severalInputsAreMatchedByName() throws IOException {
        try (LoadedModel model = loadFile(TestGraphs.writeTwoInputAdd(temporary))) {
            assertThat(model.signature().inputs()).extracting(TensorSpec::name).containsExactly("a", "b");
            Tensor a = new Tensor("a", DataType.INT64, new long[] {1, 2}, new long[] {1, 2});
            Tensor b = new Tensor("b", DataType.INT64, new long[] {1, 2}, new long[] {10, 20});
            Tensor sum = single(model.predict(List.of(b, a), Set.of()));
            assertThat(sum.name()).isEqualTo("sum");
            assertThat((long[]) sum.values()).containsExactly(11, 22);
            assertThatThrownBy(() -> model.predict(List.of(a), Set.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'b' is missing");
        }
    }

    @Test
    void concurrentPredictionsGiveIdenticalResults() throws Exception {
        float[][] rows = Fixtures.floatRows("wine.csv", WINE_FEATURES);
        try (LoadedModel model = load("wine_mlp.onnx")) {
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
                        for (int repeat = 0; repeat < 5; repeat++) {
                            for (int row = 0; row < rows.length; row++) {
                                results[row] = single(
                                                model.predict(List.of(input(new float[][] {rows[row]})), Set.of()))
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
    }

    @Test
    void closingIsIdempotentAndStopsPredictions() {
        LoadedModel model = load("wine_mlp.onnx");
        model.close();
        model.close();
        assertThatThrownBy(() ->
                        model.predict(List.of(Tensor.ofFloats("input", new long[] {1, 13}, new float[13])), Set.of()))
                .isInstanceOf(ModelExecutionException.class);
    }

    @Test
    void moreIntraOpThreadsGiveTheSameResults() {
        float[][] rows = Fixtures.floatRows("digits_sample.csv", 64);
        try (LoadedModel single = load("digits_mlp.onnx");
                LoadedModel parallel = runtime.load(Fixtures.artifact("digits_mlp.onnx"), new RuntimeOptions(2))) {
            float[] one = single(single.predict(List.of(input(rows)), Set.of())).floats();
            float[] two =
                    single(parallel.predict(List.of(input(rows)), Set.of())).floats();
            assertWithin(two, toRows(one, 10), 1e-6);
        }
    }

    private void assertRoundTrip(OnnxMl.TensorProto.DataType elementType, Tensor tensor) throws IOException {
        try (LoadedModel model = loadFile(TestGraphs.writeIdentity(temporary, elementType))) {
            assertThat(model.signature().inputs())
                    .containsExactly(new TensorSpec("input", tensor.datatype().name(), List.of(-1L, 2L)));
            Tensor output = single(model.predict(List.of(tensor), Set.of()));
            assertThat(output.name()).isEqualTo("output");
            assertThat(output.datatype()).isEqualTo(tensor.datatype());
            assertThat(output.shape()).containsExactly(tensor.shape());
            assertThat(output.values()).isEqualTo(tensor.values());
        }
    }

    private LoadedModel load(String fixture) {
        return runtime.load(Fixtures.artifact(fixture), RuntimeOptions.defaults());
    }

    private LoadedModel loadFile(Path file) {
        return runtime.load(Fixtures.artifact(file), RuntimeOptions.defaults());
    }

    private static Tensor input(float[][] rows) {
        return Tensor.ofFloats("input", new long[] {rows.length, rows[0].length}, Fixtures.flatten(rows));
    }

    private static Tensor single(List<Tensor> outputs) {
        assertThat(outputs).hasSize(1);
        return outputs.get(0);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static float[][] toRows(float[] values, int width) {
        float[][] rows = new float[values.length / width][width];
        for (int row = 0; row < rows.length; row++) {
            System.arraycopy(values, row * width, rows[row], 0, width);
        }
        return rows;
    }

    private static void assertWithin(float[] actual, float[][] expected, double tolerance) {
        float[] flat = Fixtures.flatten(expected);
        assertThat(actual).hasSameSizeAs(flat);
        double worst = 0;
        int worstIndex = -1;
        for (int index = 0; index < flat.length; index++) {
            double difference = Math.abs((double) actual[index] - flat[index]);
            if (!(difference <= worst)) {
                worst = difference;
                worstIndex = index;
            }
        }
        assertThat(worst).as("largest difference, at index %d", worstIndex).isLessThanOrEqualTo(tolerance);
    }
}

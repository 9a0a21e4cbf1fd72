package dev.modelyard.core.modelpackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelReaderTest {

    private final ModelPackageInspector inspector = new ModelPackageInspector(PackageLimits.defaults());

    @TempDir
    Path folder;

    @Test
    void readsTheWineClassifierSignatureAndMetadata() {
        InspectedModel model = inspector.inspect(TestFiles.fixture("wine_mlp.onnx"), "wine_mlp.onnx", Optional.empty());

        assertThat(model.runtime()).isEqualTo(RuntimeName.ONNX);
        assertThat(model.format()).isEqualTo("file");
        assertThat(model.modelFile()).isEqualTo("wine_mlp.onnx");
        assertThat(model.signature().inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 13L)));
        assertThat(model.signature().outputs())
                .containsExactly(new TensorSpec("probabilities", "FP32", List.of(-1L, 3L)));
        assertThat(model.signature().featureNames())
                .hasSize(13)
                .startsWith("alcohol", "malic_acid")
                .endsWith("proline");
        assertThat(model.properties())
                .containsEntry("producer_name", "pytorch")
                .containsEntry("metadata.fixture", "wine_mlp")
                .containsEntry("metadata.class_labels", "class_0,class_1,class_2")
                .containsKey("ir_version")
                .containsKey("opset.ai.onnx");
        assertThat(model.manifest().runtime()).isEqualTo(RuntimeName.ONNX);
        assertThat(model.manifest().modelFile()).isEqualTo("wine_mlp.onnx");
        assertThat(model.manifest().signature()).isEqualTo(model.signature());
    }

    @Test
    void readsTheRegressionAndDigitsSignatures() {
        InspectedModel regression = inspector.inspect(
                TestFiles.fixture("synth_regression_linear.onnx"), "synth_regression_linear.onnx", Optional.empty());
        assertThat(regression.signature().inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 5L)));
        assertThat(regression.signature().outputs())
                .containsExactly(new TensorSpec("prediction", "FP32", List.of(-1L, 1L)));
        assertThat(regression.signature().featureNames()).containsExactly("f0", "f1", "f2", "f3", "f4");

        InspectedModel digits =
                inspector.inspect(TestFiles.fixture("digits_mlp.onnx"), "digits_mlp.onnx", Optional.empty());
        assertThat(digits.signature().inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 64L)));
        assertThat(digits.signature().outputs())
                .containsExactly(new TensorSpec("probabilities", "FP32", List.of(-1L, 10L)));
        assertThat(digits.signature().featureNames()).hasSize(64).startsWith("pixel_0_0");
    }

    @Test
    void refusesRandomBytes() {
        assertInvalidModel(
                () -> inspector.inspect(TestFiles.fixture("not_a_model.onnx"), "not_a_model.onnx", Optional.empty()),
                "not a valid ONNX model");
    }

    @Test
    void refusesATruncatedModel() {
        assertInvalidModel(
                () -> inspector.inspect(TestFiles.fixture("truncated.onnx"), "truncated.onnx", Optional.empty()),
                "truncated");
    }

    @Test
    void failsCleanlyOnEveryPrefixOfAValidModel() {
        byte[] model = TestFiles.fixtureBytes("synth_regression_linear.onnx");
        int refused = 0;
        for (int length = 1; length < model.length; length++) {
            byte[] prefix = Arrays.copyOf(model, length);
            try {
                read(prefix);
            } catch (ModelyardException error) {
                assertThat(error.code()).as("prefix of %d bytes", length).isEqualTo(ErrorCode.INVALID_MODEL);
                assertThat(error.getMessage()).startsWith("not a valid ONNX model");
                refused++;
            } catch (IOException | RuntimeException unexpected) {
                throw new AssertionError("prefix of " + length + " bytes failed with " + unexpected, unexpected);
            }
        }
        // Only prefixes that end exactly between the trailing metadata entries are complete models.
        assertThat(refused).isGreaterThan(model.length - 10);
    }

    @Test
    void excludesInitializersListedAsGraphInputs() throws IOException {
        ProtobufWriter graph = new ProtobufWriter()
                .message(5, OnnxModels.initializer("weight", 16))
                .message(11, OnnxModels.tensor("x", OnnxModels.FLOAT, "batch", 4L))
                .message(11, OnnxModels.tensor("weight", OnnxModels.FLOAT, 4L))
                .message(12, OnnxModels.tensor("y", OnnxModels.INT64, -1L));

        ModelDescription description = read(OnnxModels.model(graph).toByteArray());

        assertThat(description.signature().inputs()).containsExactly(new TensorSpec("x", "FP32", List.of(-1L, 4L)));
        assertThat(description.signature().outputs()).containsExactly(new TensorSpec("y", "INT64", List.of(-1L)));
        assertThat(description.signature().featureNames()).isEmpty();
        assertThat(description.properties())
                .containsEntry("ir_version", "8")
                .containsEntry("producer_name", "handmade")
                .containsEntry("opset.ai.onnx", "17");
    }

    @Test
    void mapsStringTensorsToBytesAndKeepsUnknownRank() throws IOException {
        ProtobufWriter valueWithoutShape = new ProtobufWriter()
                .string(1, "scores")
                .message(2, new ProtobufWriter().message(1, new ProtobufWriter().varint(1, 11)));
        ProtobufWriter graph = new ProtobufWriter()
                .message(11, OnnxModels.tensor("text", OnnxModels.STRING, "batch"))
                .message(12, valueWithoutShape);

        ModelDescription description = read(OnnxModels.model(graph).toByteArray());

        assertThat(description.signature().inputs()).containsExactly(new TensorSpec("text", "BYTES", List.of(-1L)));
        assertThat(description.signature().outputs()).containsExactly(new TensorSpec("scores", "FP64", List.of()));
    }

    @Test
    void refusesUnsupportedElementTypesNamingTheInput() {
        ProtobufWriter graph = new ProtobufWriter()
                .message(11, OnnxModels.tensor("signal", OnnxModels.COMPLEX64, "batch", 8L))
                .message(12, OnnxModels.tensor("y", OnnxModels.FLOAT, "batch"));

        assertInvalidModel(() -> read(OnnxModels.model(graph).toByteArray()), "'signal'", "COMPLEX64");
    }

    @Test
    void refusesSequenceOutputsWithAHintForScikitLearn() {
        ProtobufWriter graph = new ProtobufWriter()
                .message(11, OnnxModels.tensor("x", OnnxModels.FLOAT, "batch", 4L))
                .message(12, OnnxModels.sequence("output_probability"));

        assertInvalidModel(() -> read(OnnxModels.model(graph).toByteArray()), "'output_probability'", "zipmap");
    }

    @Test
    void requiresAnIrVersionAGraphAndAnOutput() {
        byte[] withoutIrVersion =
                new ProtobufWriter().message(7, OnnxModels.simpleGraph()).toByteArray();
        assertInvalidModel(() -> read(withoutIrVersion), "ir_version");

        byte[] withoutGraph = new ProtobufWriter().varint(1, 8).string(2, "x").toByteArray();
        assertInvalidModel(() -> read(withoutGraph), "no graph");

        ProtobufWriter graphWithoutOutputs =
                new ProtobufWriter().message(11, OnnxModels.tensor("x", OnnxModels.FLOAT, 1L));
        assertInvalidModel(() -> read(OnnxModels.model(graphWithoutOutputs).toByteArray()), "no outputs");
    }

    @Test
    void refusesMalformedWireFormat() {
        byte[] group = new ProtobufWriter().varint(1, 8).tag(9, 3).toByteArray();
        assertInvalidModel(() -> read(group), "group");

        byte[] longVarint = new ProtobufWriter()
                .tag(1, 0)
                .raw(new byte[] {
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    0x01
                })
                .toByteArray();
        assertInvalidModel(() -> read(longVarint), "varint");

        byte[] nestedOverrun = new ProtobufWriter()
                .varint(1, 8)
                .message(7, new ProtobufWriter().tag(2, 2).raw(new byte[] {100, 'a'}))
                .toByteArray();
        assertInvalidModel(() -> read(nestedOverrun), "enclosing message");

        byte[] wrongWireType = new ProtobufWriter().string(1, "eight").toByteArray();
        assertInvalidModel(() -> read(wrongWireType), "ir_version");
    }

    @Test
    void reportsExternalWeightFiles() throws IOException {
        ProtobufWriter location = new ProtobufWriter().string(1, "location").string(2, "weights.bin");
        ProtobufWriter externalTensor = new ProtobufWriter()
                .varint(2, OnnxModels.FLOAT)
                .string(8, "weight")
                .message(13, location)
                .varint(14, 1);
        ProtobufWriter graph = OnnxModels.simpleGraph().message(5, externalTensor);

        ModelDescription description = read(OnnxModels.model(graph).toByteArray());

        assertThat(description.companionFiles()).containsExactly("weights.bin");
        Path file =
                TestFiles.write(folder, "external.onnx", OnnxModels.model(graph).toByteArray());
        assertThatThrownBy(() -> inspector.inspect(file, "external.onnx", Optional.empty()))
                .isInstanceOfSatisfying(ModelyardException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MODEL);
                    assertThat(error.getMessage()).contains("weights.bin").contains("zip package");
                });
    }

    @Test
    void streamsPastAFiftyMegabyteInitializer() throws IOException {
        int weightBytes = 50 * 1024 * 1024;
        byte[] tensorHeader = new ProtobufWriter()
                .varint(1, weightBytes / 4)
                .varint(2, OnnxModels.FLOAT)
                .string(8, "big_weight")
                .tag(9, 2)
                .toByteArray();
        long tensorLength = tensorHeader.length + ProtobufWriter.varintSize(weightBytes) + (long) weightBytes;
        byte[] graphRest = new ProtobufWriter()
                .message(11, OnnxModels.tensor("x", OnnxModels.FLOAT, "batch", 3L))
                .message(11, OnnxModels.tensor("big_weight", OnnxModels.FLOAT, (long) weightBytes / 4))
                .message(12, OnnxModels.tensor("y", OnnxModels.FLOAT, "batch", 2L))
                .toByteArray();
        long graphLength = 1 + ProtobufWriter.varintSize(tensorLength) + tensorLength + graphRest.length;

        Path file = folder.resolve("big.onnx");
        try (OutputStream output = Files.newOutputStream(file)) {
            output.write(new ProtobufWriter().varint(1, 9).tag(7, 2).toByteArray());
            ProtobufWriter.writeVarint(output, graphLength);
            output.write(new ProtobufWriter().tag(5, 2).toByteArray());
            ProtobufWriter.writeVarint(output, tensorLength);
            output.write(tensorHeader);
            ProtobufWriter.writeVarint(output, weightBytes);
            byte[] chunk = new byte[1024 * 1024];
            for (int written = 0; written < weightBytes; written += chunk.length) {
                output.write(chunk);
            }
            output.write(graphRest);
        }

        InspectedModel model = inspector.inspect(file, "big.onnx", Optional.empty());

        assertThat(Files.size(file)).isGreaterThan(weightBytes);
        assertThat(model.signature().inputs()).containsExactly(new TensorSpec("x", "FP32", List.of(-1L, 3L)));
        assertThat(model.signature().outputs()).containsExactly(new TensorSpec("y", "FP32", List.of(-1L, 2L)));
        assertThat(model.properties()).containsEntry("ir_version", "9");
    }

    @Test
    void readsAModelOfUnknownSizeFromAStream() throws IOException {
        byte[] model = OnnxModels.model(OnnxModels.simpleGraph()).toByteArray();
        try (InputStream input = new ByteArrayInputStream(model)) {
            ModelDescription description = OnnxModelReader.read(input, -1);
            assertThat(description.signature().inputs())
                    .extracting(TensorSpec::name)
                    .containsExactly("x");
            assertThat(description.properties()).containsEntry("graph_name", "simple");
        }
        ByteArrayOutputStream truncated = new ByteArrayOutputStream();
        truncated.write(model, 0, model.length - 3);
        assertInvalidModel(
                () -> OnnxModelReader.read(new ByteArrayInputStream(truncated.toByteArray()), -1), "truncated");
    }

    private static ModelDescription read(byte[] model) throws IOException {
        return OnnxModelReader.read(new ByteArrayInputStream(model), model.length);
    }

    private static void assertInvalidModel(ThrowingCallable call, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ModelyardException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MODEL);
            assertThat(error.getMessage()).contains(messageParts);
        });
    }
}

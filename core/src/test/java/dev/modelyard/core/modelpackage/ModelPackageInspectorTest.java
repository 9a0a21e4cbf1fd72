package dev.modelyard.core.modelpackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages and single files with manifests, through the public API. */
class ModelPackageInspectorTest {

    private static final String WINE_MANIFEST =
            """
            runtime: onnx
            runtime_version: "1.17"
            description: Wine classifier
            signature:
              inputs:
                - {name: input, datatype: FP32, shape: [-1, 13]}
              outputs:
                - {name: probabilities, datatype: FP32, shape: [-1, 3]}
            datasets:
              training: {dataset: wine, version: 2}
            """;

    private final ModelPackageInspector inspector = new ModelPackageInspector(PackageLimits.defaults());

    @TempDir
    Path folder;

    @Test
    void inspectsAPackageAndFindsTheOnlyModelFile() {
        Path zip = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", WINE_MANIFEST)
                .file("model/wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .file("README.md", "# Wine\n")
                .writeTo(folder, "upload.bin");

        InspectedModel model = inspector.inspect(zip, "wine.zip", Optional.empty());

        assertThat(model.format()).isEqualTo(InspectedModel.FORMAT_PACKAGE);
        assertThat(model.runtime()).isEqualTo(RuntimeName.ONNX);
        assertThat(model.modelFile()).isEqualTo("model/wine.onnx");
        assertThat(model.signature().inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 13L)));
        assertThat(model.signature().featureNames()).hasSize(13);
        assertThat(model.manifest().modelFile()).isEqualTo("model/wine.onnx");
        assertThat(model.manifest().runtimeVersion()).isEqualTo("1.17");
        assertThat(model.manifest().signature()).isEqualTo(model.signature());
        assertThat(model.manifest().datasets()).containsEntry("training", new DatasetReference("wine", 2));
        assertThat(model.properties())
                .containsEntry("package.files", "3")
                .containsEntry("producer_name", "pytorch")
                .containsKey("package.uncompressed_bytes");
    }

    @Test
    void recognizesZipsByTheirBytesAndAcceptsTheYmlName() {
        Path zip = new TestFiles.ZipBuilder()
                .file("modelyard.yml", "runtime: xgboost\nmodel_file: ./booster.json\n")
                .file("booster.json", TestFiles.fixtureBytes("synth_binary_xgb.json"))
                .file("columns.json", "[\"a\"]")
                .writeTo(folder, "model.onnx");

        InspectedModel model = inspector.inspect(zip, "model.onnx", Optional.empty());

        assertThat(model.format()).isEqualTo("package");
        assertThat(model.runtime()).isEqualTo(RuntimeName.XGBOOST);
        assertThat(model.modelFile()).isEqualTo("booster.json");
        assertThat(model.properties()).containsEntry("num_trees", "30");
    }

    @Test
    void refusesAManifestSentBesideAPackage() {
        Path zip = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", WINE_MANIFEST)
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .writeTo(folder, "wine.zip");

        assertFails(
                () -> inspector.inspect(zip, "wine.zip", Optional.of("runtime: onnx")),
                ErrorCode.INVALID_REQUEST,
                "send the manifest inside the package or beside a single file, not both");
    }

    @Test
    void requiresAManifestAtThePackageRoot() {
        Path withoutManifest = new TestFiles.ZipBuilder()
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .writeTo(folder, "a.zip");
        assertFails(
                () -> inspector.inspect(withoutManifest, "a.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "no modelyard.yaml at its root");

        Path nested = new TestFiles.ZipBuilder()
                .file("wine/modelyard.yaml", WINE_MANIFEST)
                .file("wine/wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .writeTo(folder, "b.zip");
        assertFails(
                () -> inspector.inspect(nested, "b.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "only at 'wine/modelyard.yaml'",
                "zip the contents of the folder");

        Path withoutRuntime = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", "description: no runtime\n")
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .writeTo(folder, "c.zip");
        assertFails(
                () -> inspector.inspect(withoutRuntime, "c.zip", Optional.empty()),
                ErrorCode.INVALID_MANIFEST,
                "must declare `runtime`");
    }

    @Test
    void refusesBadManifestsInsidePackages() {
        Path unknownKey = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", "runtime: onnx\nframework: pytorch\n")
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .writeTo(folder, "a.zip");
        assertFails(
                () -> inspector.inspect(unknownKey, "a.zip", Optional.empty()),
                ErrorCode.INVALID_MANIFEST,
                "unknown key `framework`",
                "valid keys are");

        Path wrongType = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", "runtime: onnx\ndatasets: [wine]\n")
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .writeTo(folder, "b.zip");
        assertFails(
                () -> inspector.inspect(wrongType, "b.zip", Optional.empty()),
                ErrorCode.INVALID_MANIFEST,
                "`datasets` must be a mapping");

        Path notUtf8 = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", new byte[] {'r', 'u', 'n', (byte) 0xFF, (byte) 0xFE})
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .writeTo(folder, "c.zip");
        assertFails(
                () -> inspector.inspect(notUtf8, "c.zip", Optional.empty()), ErrorCode.INVALID_MANIFEST, "not UTF-8");
    }

    @Test
    void explainsWhichModelFileIsMeant() {
        Path missing = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", "runtime: onnx\nmodel_file: models/wine.onnx\n")
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .writeTo(folder, "a.zip");
        assertFails(
                () -> inspector.inspect(missing, "a.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'models/wine.onnx', which is not in the package",
                "wine.onnx");

        Path ambiguous = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", "runtime: onnx\n")
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .file("digits.onnx", TestFiles.fixtureBytes("digits_mlp.onnx"))
                .writeTo(folder, "b.zip");
        assertFails(
                () -> inspector.inspect(ambiguous, "b.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "several possible onnx model files",
                "`model_file`");

        Path none = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", "runtime: lightgbm\n")
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .writeTo(folder, "c.zip");
        assertFails(
                () -> inspector.inspect(none, "c.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "no lightgbm model file (.txt, .lgbm)");

        Path brokenModel = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", "runtime: onnx\n")
                .file("wine.onnx", TestFiles.fixtureBytes("truncated.onnx"))
                .writeTo(folder, "d.zip");
        assertFails(
                () -> inspector.inspect(brokenModel, "d.zip", Optional.empty()),
                ErrorCode.INVALID_MODEL,
                "not a valid ONNX model");
    }

    @Test
    void refusesManifestSignaturesThatDisagreeWithTheModel() {
        String wrongDatatype = WINE_MANIFEST.replace("{name: input, datatype: FP32", "{name: input, datatype: FP64");
        assertMismatch(wrongDatatype, "declares input 'input' as FP64 but the model has FP32");

        String wrongName = WINE_MANIFEST.replace("{name: probabilities", "{name: label");
        assertMismatch(wrongName, "named [label] but the model's outputs are [probabilities]");

        String wrongShape = WINE_MANIFEST.replace("shape: [-1, 13]", "shape: [-1, 12]");
        assertMismatch(wrongShape, "with shape [-1, 12] but the model's shape is [-1, 13]");

        String otherFeatureNames = "runtime: onnx\nsignature:\n  feature_names: [a, b]\n";
        assertMismatch(otherFeatureNames, "differ from the feature names stored in the model");
    }

    @Test
    void inspectsSingleFilesWithAManifestBesideThem() {
        InspectedModel model = inspector.inspect(
                TestFiles.fixture("wine_mlp.onnx"),
                "C:\\Users\\me\\wine.onnx",
                Optional.of("{\"description\": \"from JSON\", \"metadata\": {\"owner\": \"me\"}}"));
        assertThat(model.modelFile()).isEqualTo("wine.onnx");
        assertThat(model.manifest().description()).isEqualTo("from JSON");
        assertThat(model.manifest().runtime()).isEqualTo(RuntimeName.ONNX);
        assertThat(model.manifest().metadata()).containsEntry("owner", "me");

        InspectedModel nameless =
                inspector.inspect(TestFiles.fixture("wine_mlp.onnx"), "", Optional.of("runtime: onnx\n"));
        assertThat(nameless.modelFile()).isEqualTo("model.onnx");

        InspectedModel blankManifest =
                inspector.inspect(TestFiles.fixture("wine_mlp.onnx"), "wine.onnx", Optional.of("  \n"));
        assertThat(blankManifest.manifest().description()).isNull();
    }

    @Test
    void needsARuntimeForSingleFiles() {
        assertFails(
                () -> inspector.inspect(TestFiles.fixture("wine_mlp.onnx"), "wine.bin", Optional.empty()),
                ErrorCode.INVALID_MODEL,
                "cannot tell the runtime from the file name 'wine.bin'",
                "send a manifest with `runtime`");
        assertFails(
                () -> inspector.inspect(TestFiles.fixture("wine_mlp.onnx"), " ", Optional.empty()),
                ErrorCode.INVALID_MODEL,
                "no file name");
        assertFails(
                () -> inspector.inspect(
                        TestFiles.fixture("wine_mlp.onnx"), "wine.onnx", Optional.of("model_file: other.onnx\n")),
                ErrorCode.INVALID_MANIFEST,
                "`model_file` is 'other.onnx' but the uploaded file is named 'wine.onnx'");
        Path empty = TestFiles.write(folder, "empty.onnx", new byte[0]);
        assertFails(() -> inspector.inspect(empty, "empty.onnx", Optional.empty()), ErrorCode.INVALID_MODEL, "empty");
    }

    @Test
    void checksExternalWeightFilesOfOnnxModelsInPackages() {
        ProtobufWriter location = new ProtobufWriter().string(1, "location").string(2, "weights.bin");
        ProtobufWriter externalTensor = new ProtobufWriter()
                .varint(2, 1)
                .string(8, "w")
                .message(13, location)
                .varint(14, 1);
        byte[] model = OnnxModels.model(OnnxModels.simpleGraph().message(5, externalTensor))
                .toByteArray();

        Path complete = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", "runtime: onnx\n")
                .file("model/model.onnx", model)
                .file("model/weights.bin", new byte[64])
                .writeTo(folder, "a.zip");
        assertThat(inspector.inspect(complete, "a.zip", Optional.empty()).modelFile())
                .isEqualTo("model/model.onnx");

        Path incomplete = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", "runtime: onnx\n")
                .file("model/model.onnx", model)
                .writeTo(folder, "b.zip");
        assertFails(
                () -> inspector.inspect(incomplete, "b.zip", Optional.empty()),
                ErrorCode.INVALID_PACKAGE,
                "'model/weights.bin', which is not in the package");
    }

    private void assertMismatch(String manifest, String expectedMessage) {
        Path zip = new TestFiles.ZipBuilder()
                .file("modelyard.yaml", manifest)
                .file("wine.onnx", TestFiles.fixtureBytes("wine_mlp.onnx"))
                .writeTo(folder, "mismatch.zip");
        assertFails(
                () -> inspector.inspect(zip, "mismatch.zip", Optional.empty()),
                ErrorCode.INVALID_MANIFEST,
                expectedMessage);
    }

    static void assertFails(ThrowingCallable call, ErrorCode code, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ModelyardException.class, error -> {
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.getMessage()).contains(messageParts);
        });
    }
}

package dev.modelyard.core.modelpackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    static final String FULL_MANIFEST =
            """
            format_version: 1
            runtime: onnx
            runtime_version: "1.17"
            model_file: model/wine.onnx
            description: Wine classifier, MLP on standardized features.
            signature:
              inputs:
                - name: input
                  datatype: FP32
                  shape: [-1, 13]
              outputs:
                - name: probabilities
                  datatype: float32
                  shape: [-1, 3]
              feature_names: [alcohol, malic_acid]
            preprocessing:
              - step: standard_scaler
                with_mean: true
            postprocessing:
              - step: argmax
                labels: [class_0, class_1, class_2]
            hyperparameters:
              hidden_units: 32
              learning_rate: 0.001
              optimizer: adam
              dropout: ~
            datasets:
              training: {dataset: wine, version: 3}
              validation:
                dataset: wine-holdout
              test: wine-test
            test_scenarios:
              - name: typical wine
                inputs: {input: [[13.2, 1.78, 2.14]]}
                expected_outputs: {probabilities: [[0.9, 0.05, 0.05]]}
                tolerance: 0.1
              - name: smoke
                inputs: {input: [[0, 0, 0]]}
            environment:
              python: "3.11"
              libraries: {torch: "2.3.1", scikit-learn: "1.5.0"}
            metadata:
              owner: team-wine
              tags: [demo, tabular]
            """;

    private final ManifestParser parser = new ManifestParser(PackageLimits.defaults());

    @Test
    void parsesEveryKey() {
        ModelManifest manifest = parser.parse(FULL_MANIFEST);

        assertThat(manifest.formatVersion()).isEqualTo(1);
        assertThat(manifest.runtime()).isEqualTo(RuntimeName.ONNX);
        assertThat(manifest.runtimeVersion()).isEqualTo("1.17");
        assertThat(manifest.modelFile()).isEqualTo("model/wine.onnx");
        assertThat(manifest.description()).startsWith("Wine classifier");
        assertThat(manifest.signature().inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 13L)));
        assertThat(manifest.signature().outputs())
                .containsExactly(new TensorSpec("probabilities", "FP32", List.of(-1L, 3L)));
        assertThat(manifest.signature().featureNames()).containsExactly("alcohol", "malic_acid");
        assertThat(manifest.preprocessing()).containsExactly(Map.of("step", "standard_scaler", "with_mean", true));
        assertThat(manifest.postprocessing().get(0)).containsEntry("step", "argmax");
        assertThat(manifest.hyperparameters())
                .containsEntry("hidden_units", 32)
                .containsEntry("learning_rate", 0.001)
                .containsEntry("dropout", null)
                .containsKeys("optimizer");
        assertThat(manifest.hyperparameters().keySet())
                .containsExactly("hidden_units", "learning_rate", "optimizer", "dropout");
        assertThat(manifest.datasets())
                .containsEntry("training", new DatasetReference("wine", 3))
                .containsEntry("validation", new DatasetReference("wine-holdout", null))
                .containsEntry("test", new DatasetReference("wine-test", null));
        assertThat(manifest.testScenarios()).hasSize(2);
        assertThat(manifest.testScenarios().get(0).tolerance()).isEqualTo(0.1);
        assertThat(manifest.testScenarios().get(1).expectedOutputs()).isEmpty();
        assertThat(manifest.testScenarios().get(1).tolerance()).isNull();
        assertThat(manifest.environment())
                .isEqualTo(new CodeEnvironment("3.11", Map.of("torch", "2.3.1", "scikit-learn", "1.5.0")));
        assertThat(manifest.metadata()).containsEntry("tags", List.of("demo", "tabular"));
    }

    @Test
    void roundTripsThroughToMapAsJson() throws Exception {
        ModelManifest manifest = parser.parse(FULL_MANIFEST);

        String json = new ObjectMapper().writeValueAsString(manifest.toMap());
        ModelManifest again = parser.parse(json);

        assertThat(again).isEqualTo(manifest);
        assertThat(manifest.toMap().keySet()).containsExactly(ManifestParser.TOP_LEVEL_KEYS.toArray(String[]::new));
        assertThat(json).contains("\"format_version\":1", "\"runtime\":\"onnx\"", "\"feature_names\"");
    }

    @Test
    void readsBlankAndMinimalManifests() {
        assertThat(parser.parse("")).isEqualTo(ModelManifest.empty());
        assertThat(parser.parse("# only a comment\n")).isEqualTo(ModelManifest.empty());
        ModelManifest minimal = parser.parse("runtime: XGBoost\n");
        assertThat(minimal.runtime()).isEqualTo(RuntimeName.XGBOOST);
        assertThat(minimal.signature()).isNull();
        assertThat(minimal.toMap()).isEqualTo(Map.of("format_version", 1, "runtime", "xgboost"));
        assertThat(parser.parse("{runtime: pmml, description: flow style}").runtime())
                .isEqualTo(RuntimeName.PMML);
    }

    @Test
    void refusesUnknownKeysNamingTheKeyAndTheValidOnes() {
        assertInvalidManifest("runtime: onnx\nmodle_file: a.onnx\n", "modle_file", "did you mean `model_file`?")
                .satisfies(error -> assertThat(error.getMessage()).contains("valid keys are format_version, runtime"))
                .satisfies(error -> assertThat(error.details()).containsEntry("key", "modle_file"));
        assertInvalidManifest(
                "signature:\n  inputs: []\n  labels: [a]\n", "unknown key `labels` in `signature`", "feature_names");
        assertInvalidManifest(
                "environment:\n  conda: env.yaml\n", "unknown key `conda` in `environment`", "python, libraries");
    }

    @Test
    void refusesWrongTypesNamingTheKeyPath() {
        assertInvalidManifest("runtime: [onnx]\n", "`runtime` must be text, got a list");
        assertInvalidManifest("runtime_version: 1.20\n", "`runtime_version` must be text", "put the value in quotes");
        assertInvalidManifest("format_version: one\n", "`format_version` must be a whole number");
        assertInvalidManifest("format_version: 2\n", "format_version 2 is not supported");
        assertInvalidManifest("runtime: tensorflow\n", "unknown runtime 'tensorflow'", "onnx, xgboost, lightgbm, pmml");
        assertInvalidManifest("hyperparameters: [1, 2]\n", "`hyperparameters` must be a mapping");
        assertInvalidManifest(
                "signature:\n  inputs:\n    - {name: x, datatype: FP32, shape: [-1, \"13\"]}\n",
                "`signature.inputs[0].shape` must be a list of integers");
        assertInvalidManifest(
                "signature:\n  inputs:\n    - {name: x, datatype: float128, shape: [-1]}\n",
                "`signature.inputs[0].datatype` is 'float128'",
                "FP32");
        assertInvalidManifest(
                "signature:\n  outputs:\n    - {name: y, datatype: FP32}\n", "`signature.outputs[0].shape` is missing");
        assertInvalidManifest("preprocessing:\n  - scale: 2\n", "`preprocessing[0].step` is missing");
        assertInvalidManifest("datasets:\n  training: {dataset: wine, version: 0}\n", "`datasets.training.version`");
        assertInvalidManifest(
                "test_scenarios:\n  - {name: a, inputs: {x: 1}, tolerance: -1}\n", "`test_scenarios[0].tolerance`");
        assertInvalidManifest("environment:\n  libraries: {numpy: 1.26}\n", "`environment.libraries.numpy`", "quotes");
        assertInvalidManifest("model_file: ../outside.onnx\n", "`model_file`", "climbs out");
        assertInvalidManifest("- runtime: onnx\n", "must be a mapping of keys");
    }

    @Test
    void refusesInvalidYamlWithTheLine() {
        assertInvalidManifest("runtime: onnx\ndescription: [unclosed\n", "not valid YAML", "line");
        assertInvalidManifest("runtime: onnx\nruntime: xgboost\n", "runtime");
    }

    @Test
    void refusesAliasesOversizedAndDeeplyNestedManifests() {
        assertInvalidManifest("metadata:\n  a: &anchor [1, 2]\n  b: *anchor\n", "alias *anchor", "write the value out");

        ManifestParser small = new ManifestParser(new PackageLimits(1_000_000, 10, 100, 100));
        assertThatThrownBy(() -> small.parse("description: \"" + "x".repeat(200) + "\"\n"))
                .isInstanceOfSatisfying(ModelyardException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
                    assertThat(error.getMessage()).contains("more than the limit of 100 bytes");
                });

        String deep = "metadata: " + "[".repeat(500) + "]".repeat(500) + "\n";
        assertInvalidManifest(deep, "levels deep");
    }

    private ModelyardExceptionAssert assertInvalidManifest(String text, String... messageParts) {
        ModelyardException[] caught = new ModelyardException[1];
        assertThatThrownBy(() -> parser.parse(text)).isInstanceOfSatisfying(ModelyardException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
            assertThat(error.getMessage()).contains(messageParts);
            caught[0] = error;
        });
        return new ModelyardExceptionAssert(caught[0]);
    }

    /** Chains more checks on a caught exception. */
    record ModelyardExceptionAssert(ModelyardException error) {
        ModelyardExceptionAssert satisfies(java.util.function.Consumer<ModelyardException> check) {
            check.accept(error);
            return this;
        }
    }
}

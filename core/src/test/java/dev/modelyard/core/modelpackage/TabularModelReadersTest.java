package dev.modelyard.core.modelpackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XGBoost, LightGBM and PMML models, through the inspector. */
class TabularModelReadersTest {

    static final String LIGHTGBM_MODEL =
            """
            tree
            version=v4
            num_class=1
            num_tree_per_iteration=1
            label_index=0
            max_feature_idx=2
            objective=binary sigmoid:1
            feature_names=age income score
            feature_infos=[18:90] [0:250000] [0:1]
            tree_sizes=120 118

            Tree=0
            num_leaves=2
            split_feature=1
            threshold=50000.000000000008
            leaf_value=-0.1 0.2

            Tree=1
            num_leaves=2
            split_feature=0
            threshold=40.5
            leaf_value=-0.05 0.07


            end of trees

            feature_importances:
            income=1
            age=1

            parameters:
            [boosting: gbdt]
            end of parameters

            pandas_categorical:null
            """;

    static final String PMML_MODEL =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
              <Header description="hand-made">
                <Application name="handwritten" version="1.0"/>
              </Header>
              <DataDictionary numberOfFields="4">
                <DataField name="sepal_length" optype="continuous" dataType="double"/>
                <DataField name="color" optype="categorical" dataType="string">
                  <Value value="red"/>
                  <Value value="blue"/>
                </DataField>
                <DataField name="notes" optype="categorical" dataType="string"/>
                <DataField name="species" optype="categorical" dataType="string"/>
              </DataDictionary>
              <TreeModel modelName="iris_tree" functionName="classification">
                <MiningSchema>
                  <MiningField name="sepal_length"/>
                  <MiningField name="color" usageType="active"/>
                  <MiningField name="notes" usageType="supplementary"/>
                  <MiningField name="species" usageType="target"/>
                </MiningSchema>
                <Output>
                  <OutputField name="predicted_species" feature="predictedValue"/>
                  <OutputField name="probability_setosa" feature="probability" value="setosa"/>
                </Output>
                <Node score="setosa"><True/></Node>
              </TreeModel>
            </PMML>
            """;

    private final ModelPackageInspector inspector = new ModelPackageInspector(PackageLimits.defaults());

    @TempDir
    Path folder;

    @Test
    void readsTheXgboostJsonFixture() {
        InspectedModel model = inspector.inspect(
                TestFiles.fixture("synth_binary_xgb.json"), "synth_binary_xgb.json", Optional.empty());

        assertThat(model.runtime()).isEqualTo(RuntimeName.XGBOOST);
        assertThat(model.signature().inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 8L)));
        assertThat(model.signature().outputs()).containsExactly(new TensorSpec("prediction", "FP32", List.of(-1L)));
        assertThat(model.signature().featureNames()).isEmpty();
        assertThat(model.properties())
                .containsEntry("num_trees", "30")
                .containsEntry("num_feature", "8")
                .containsEntry("objective", "binary:logistic")
                .containsEntry("version", "1.7.4")
                .containsEntry("format", "json");
    }

    @Test
    void readsTheSameModelSavedAsUniversalBinaryJson() throws Exception {
        byte[] universalBinaryJson = UniversalBinaryJsonWriter.convert(
                new ObjectMapper().readTree(TestFiles.fixtureBytes("synth_binary_xgb.json")));
        Path file = TestFiles.write(folder, "model.ubj", universalBinaryJson);

        InspectedModel model = inspector.inspect(file, "model.ubj", Optional.empty());

        assertThat(model.signature().inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 8L)));
        assertThat(model.properties())
                .containsEntry("num_trees", "30")
                .containsEntry("version", "1.7.4")
                .containsEntry("format", "ubj");

        Path truncated =
                TestFiles.write(folder, "cut.ubj", Arrays.copyOf(universalBinaryJson, universalBinaryJson.length / 2));
        assertInvalidModel(() -> inspector.inspect(truncated, "cut.ubj", Optional.empty()), "truncated");
    }

    @Test
    void readsMulticlassXgboostModelsWithFeatureNames() {
        String model =
                """
                {"learner": {
                   "feature_names": ["a", "b", "c"],
                   "learner_model_param": {"num_feature": "3", "num_class": "4", "base_score": "5E-1"},
                   "objective": {"name": "multi:softprob", "softmax_multiclass_param": {"num_class": "4"}},
                   "gradient_booster": {"name": "gbtree", "model": {
                       "gbtree_model_param": {"num_trees": "12"}, "trees": [{"split_indices": [0, 1]}]}}},
                 "version": [2, 1, 0]}
                """;
        Path file = TestFiles.write(folder, "multi.json", model);

        InspectedModel inspected = inspector.inspect(file, "multi.json", Optional.empty());

        assertThat(inspected.signature().outputs())
                .containsExactly(new TensorSpec("probabilities", "FP32", List.of(-1L, 4L)));
        assertThat(inspected.signature().featureNames()).containsExactly("a", "b", "c");
        assertThat(inspected.properties()).containsEntry("num_class", "4").containsEntry("version", "2.1.0");
    }

    @Test
    void refusesJsonThatIsNotAnXgboostModel() {
        Path config = TestFiles.write(folder, "config.json", "{\"preprocessing\": {\"scale\": 2}}");
        assertInvalidModel(() -> inspector.inspect(config, "config.json", Optional.empty()), "no `learner` object");

        Path truncated = TestFiles.write(
                folder, "cut.json", Arrays.copyOf(TestFiles.fixtureBytes("synth_binary_xgb.json"), 5000));
        assertInvalidModel(
                () -> inspector.inspect(truncated, "cut.json", Optional.empty()), "not a valid XGBoost JSON model");

        Path text = TestFiles.write(folder, "notes.json", "hello");
        assertInvalidModel(() -> inspector.inspect(text, "notes.json", Optional.empty()), "neither a JSON object");
    }

    @Test
    void takesFeatureNamesFromTheManifestWhenTheModelHasNone() {
        InspectedModel model = inspector.inspect(
                TestFiles.fixture("synth_binary_xgb.json"),
                "synth_binary_xgb.json",
                Optional.of("signature:\n  feature_names: [f0, f1, f2, f3, f4, f5, f6, f7]\n"));

        assertThat(model.signature().featureNames()).hasSize(8).startsWith("f0");
        assertThat(model.manifest().signature()).isEqualTo(model.signature());

        assertThatThrownBy(() -> inspector.inspect(
                        TestFiles.fixture("synth_binary_xgb.json"),
                        "synth_binary_xgb.json",
                        Optional.of("signature:\n  feature_names: [f0, f1]\n")))
                .isInstanceOfSatisfying(ModelyardException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
                    assertThat(error.getMessage()).contains("lists 2 names", "has 8 columns");
                });
    }

    @Test
    void readsAHandWrittenLightgbmModel() {
        Path file = TestFiles.write(folder, "model.txt", LIGHTGBM_MODEL);

        InspectedModel model = inspector.inspect(file, "model.txt", Optional.empty());

        assertThat(model.runtime()).isEqualTo(RuntimeName.LIGHTGBM);
        assertThat(model.signature().inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 3L)));
        assertThat(model.signature().outputs()).containsExactly(new TensorSpec("prediction", "FP32", List.of(-1L)));
        assertThat(model.signature().featureNames()).containsExactly("age", "income", "score");
        assertThat(model.properties())
                .containsEntry("version", "v4")
                .containsEntry("num_trees", "2")
                .containsEntry("objective", "binary sigmoid:1");

        String multiclass = LIGHTGBM_MODEL.replace("num_class=1", "num_class=3").replace("\r", "");
        Path multiclassFile = TestFiles.write(folder, "multi.lgbm", multiclass.replace("\n", "\r\n"));
        assertThat(inspector
                        .inspect(multiclassFile, "multi.lgbm", Optional.empty())
                        .signature()
                        .outputs())
                .containsExactly(new TensorSpec("probabilities", "FP32", List.of(-1L, 3L)));
    }

    @Test
    void refusesBrokenLightgbmModels() {
        Path notLightgbm = TestFiles.write(folder, "readme.txt", "This folder holds the model.\n");
        assertInvalidModel(
                () -> inspector.inspect(notLightgbm, "readme.txt", Optional.empty()), "first line must be `tree`");

        Path truncated =
                TestFiles.write(folder, "cut.txt", LIGHTGBM_MODEL.substring(0, LIGHTGBM_MODEL.indexOf("Tree=1")));
        assertInvalidModel(() -> inspector.inspect(truncated, "cut.txt", Optional.empty()), "truncated");

        Path inconsistent =
                TestFiles.write(folder, "bad.txt", LIGHTGBM_MODEL.replace("max_feature_idx=2", "max_feature_idx=5"));
        assertInvalidModel(() -> inspector.inspect(inconsistent, "bad.txt", Optional.empty()), "lists 3 names");

        Path noNames = TestFiles.write(folder, "nonames.txt", LIGHTGBM_MODEL.replace("feature_names=", "names="));
        assertInvalidModel(() -> inspector.inspect(noNames, "nonames.txt", Optional.empty()), "`feature_names=`");
    }

    @Test
    void readsAHandWrittenPmmlModel() {
        Path file = TestFiles.write(folder, "iris.pmml", PMML_MODEL);

        InspectedModel model = inspector.inspect(file, "iris.pmml", Optional.empty());

        assertThat(model.runtime()).isEqualTo(RuntimeName.PMML);
        assertThat(model.signature().inputs())
                .containsExactly(
                        new TensorSpec("sepal_length", "FP64", List.of(-1L)),
                        new TensorSpec("color", "BYTES", List.of(-1L)));
        assertThat(model.signature().outputs())
                .containsExactly(
                        new TensorSpec("predicted_species", "BYTES", List.of(-1L)),
                        new TensorSpec("probability_setosa", "FP64", List.of(-1L)));
        assertThat(model.signature().featureNames()).containsExactly("sepal_length", "color");
        assertThat(model.properties())
                .containsEntry("pmml_version", "4.4")
                .containsEntry("model_type", "TreeModel")
                .containsEntry("function_name", "classification")
                .containsEntry("application_name", "handwritten");

        String withoutOutput = PMML_MODEL.replaceAll("(?s)<Output>.*</Output>", "");
        Path targetsOnly = TestFiles.write(folder, "targets.xml", withoutOutput);
        assertThat(inspector
                        .inspect(targetsOnly, "targets.xml", Optional.empty())
                        .signature()
                        .outputs())
                .containsExactly(new TensorSpec("species", "BYTES", List.of(-1L)));
    }

    @Test
    void refusesPmmlWithExternalEntities() {
        Path secret = TestFiles.write(folder, "secret.txt", "top secret");
        String attack =
                """
                <?xml version="1.0"?>
                <!DOCTYPE PMML [<!ENTITY xxe SYSTEM "%s">]>
                <PMML version="4.4"><Header description="&xxe;"/></PMML>
                """
                        .formatted(secret.toUri());
        Path file = TestFiles.write(folder, "attack.pmml", attack);

        assertThatThrownBy(() -> inspector.inspect(file, "attack.pmml", Optional.empty()))
                .isInstanceOfSatisfying(ModelyardException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MODEL);
                    assertThat(error.getMessage()).contains("DOCTYPE").doesNotContain("top secret");
                });
    }

    @Test
    void refusesXmlThatIsNotAUsablePmmlModel() {
        Path notPmml = TestFiles.write(folder, "pom.xml", "<project><modelVersion>4.0.0</modelVersion></project>");
        assertInvalidModel(() -> inspector.inspect(notPmml, "pom.xml", Optional.empty()), "root element is <project>");

        Path noModel = TestFiles.write(folder, "empty.pmml", "<PMML version=\"4.4\"><DataDictionary/></PMML>");
        assertInvalidModel(() -> inspector.inspect(noModel, "empty.pmml", Optional.empty()), "no model element");

        Path truncated = TestFiles.write(folder, "cut.pmml", PMML_MODEL.substring(0, PMML_MODEL.length() / 2));
        assertInvalidModel(() -> inspector.inspect(truncated, "cut.pmml", Optional.empty()), "not a valid PMML");

        Path latin1 = TestFiles.write(
                folder, "latin.pmml", "<PMML version=\"4.4\">\u00e9</PMML>".getBytes(StandardCharsets.ISO_8859_1));
        assertInvalidModel(() -> inspector.inspect(latin1, "latin.pmml", Optional.empty()), "not UTF-8 text");
    }

    private static void assertInvalidModel(ThrowingCallable call, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ModelyardException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MODEL);
            assertThat(error.getMessage()).contains(messageParts);
        });
    }
}

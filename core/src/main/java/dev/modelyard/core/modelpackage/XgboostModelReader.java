package dev.modelyard.core.modelpackage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Validates an XGBoost model saved with {@code Booster.save_model} as JSON ({@code .json}) or Universal Binary JSON
 * ({@code .ubj}, the default of XGBoost 2), telling the two apart by their bytes. Only the learner's parameters are
 * kept; the trees are streamed past.
 */
final class XgboostModelReader {

    private static final String SAVE_HINT =
            "save it with booster.save_model(\"model.json\") or" + " booster.save_model(\"model.ubj\")";
    private static final SelectedPaths SELECTION = new SelectedPaths(Set.of(
            "version",
            "learner.feature_names",
            "learner.learner_model_param",
            "learner.objective.name",
            "learner.gradient_booster.name",
            "learner.gradient_booster.model.gbtree_model_param",
            "learner.gradient_booster.gbtree.model.gbtree_model_param"));

    private static final int LOOKAHEAD_BYTES = 256;
    private static final String UNIVERSAL_BINARY_JSON_SECOND_BYTES = "$#iUIlL";

    private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build());

    ModelDescription read(InputStream rawInput) throws IOException {
        BufferedInputStream input = new BufferedInputStream(rawInput, 64 * 1024);
        boolean universalBinaryJson = looksLikeUniversalBinaryJson(input);
        JsonNode root;
        try {
            root = universalBinaryJson
                    ? UniversalBinaryJsonReader.readSelected(input, SELECTION)
                    : readJsonSelected(input);
        } catch (JsonProcessingException notJson) {
            String where = notJson.getLocation() == null
                    ? ""
                    : " (line " + notJson.getLocation().getLineNr() + ")";
            throw ModelDescription.invalidModel(
                    "not a valid XGBoost JSON model: "
                            + notJson.getOriginalMessage().lines().findFirst().orElse("syntax error") + where + "; "
                            + SAVE_HINT,
                    notJson);
        } catch (UniversalBinaryJsonReader.UniversalBinaryJsonException notUniversalBinaryJson) {
            throw ModelDescription.invalidModel(
                    "not a valid XGBoost UBJSON model: " + notUniversalBinaryJson.getMessage() + "; " + SAVE_HINT,
                    notUniversalBinaryJson);
        } catch (EOFException truncated) {
            throw ModelDescription.invalidModel(
                    "not a valid XGBoost model: the file ends before the model does; it looks truncated", truncated);
        }
        return describe(root, universalBinaryJson ? "ubj" : "json");
    }

    /**
     * JSON starts with "{" (after blanks) then blanks, a quote or "}"; UBJSON starts with "{" then a type marker such
     * as "i", "U", "L" or "$". Anything else is neither.
     */
    private static boolean looksLikeUniversalBinaryJson(BufferedInputStream input) throws IOException {
        input.mark(LOOKAHEAD_BYTES);
        byte[] head = input.readNBytes(LOOKAHEAD_BYTES);
        input.reset();
        if (head.length >= 2 && head[0] == '{' && UNIVERSAL_BINARY_JSON_SECOND_BYTES.indexOf(head[1]) >= 0) {
            return true;
        }
        int index = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            index = 3;
        }
        while (index < head.length && Character.isWhitespace(head[index])) {
            index++;
        }
        if (index >= head.length || head[index] != '{') {
            throw ModelDescription.invalidModel(
                    "not an XGBoost model: the file is neither a JSON object nor UBJSON; " + SAVE_HINT);
        }
        return false;
    }

    private JsonNode readJsonSelected(InputStream input) throws IOException {
        try (JsonParser parser = mapper.getFactory().createParser(input)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ModelDescription.invalidModel(
                        "not an XGBoost model: the file is neither a JSON object nor UBJSON; " + SAVE_HINT);
            }
            JsonNode root = readJsonValue(parser, "");
            if (parser.nextToken() != null) {
                throw ModelDescription.invalidModel(
                        "not a valid XGBoost JSON model: there is more data after the end of the JSON object");
            }
            return root;
        }
    }

    private JsonNode readJsonValue(JsonParser parser, String path) throws IOException {
        return switch (SELECTION.decide(path)) {
            case KEEP -> mapper.readTree(parser);
            case DESCEND -> {
                if (parser.currentToken() == JsonToken.START_OBJECT) {
                    ObjectNode object = mapper.createObjectNode();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String key = parser.currentName();
                        parser.nextToken();
                        JsonNode value = readJsonValue(parser, SelectedPaths.child(path, key));
                        if (value != null) {
                            object.set(key, value);
                        }
                    }
                    yield object;
                }
                if (parser.currentToken() == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    yield mapper.createArrayNode();
                }
                yield mapper.readTree(parser);
            }
            case SKIP -> {
                parser.skipChildren();
                yield null;
            }
        };
    }

    private static ModelDescription describe(JsonNode root, String format) {
        JsonNode learner = root.path("learner");
        if (!learner.isObject()) {
            throw ModelDescription.invalidModel(
                    "not an XGBoost model: there is no `learner` object (is this a model saved by"
                            + " booster.save_model, not a config or a dump?); " + SAVE_HINT);
        }
        JsonNode booster = learner.path("gradient_booster");
        if (!booster.isObject()) {
            throw ModelDescription.invalidModel(
                    "not a complete XGBoost model: `learner.gradient_booster` is missing; " + SAVE_HINT);
        }
        JsonNode modelParameters = learner.path("learner_model_param");
        int featureCount = nonNegativeInteger(modelParameters.path("num_feature"), "learner_model_param.num_feature");
        if (featureCount < 0) {
            throw ModelDescription.invalidModel(
                    "not a complete XGBoost model: `learner.learner_model_param.num_feature` is missing; " + SAVE_HINT);
        }
        int classCount = Math.max(0, nonNegativeInteger(modelParameters.path("num_class"), "num_class"));
        int targetCount = Math.max(1, nonNegativeInteger(modelParameters.path("num_target"), "num_target"));
        String objective = learner.path("objective").path("name").asText("");

        List<String> featureNames = new ArrayList<>();
        JsonNode namesNode = learner.path("feature_names");
        if (namesNode.isArray()) {
            for (JsonNode name : namesNode) {
                featureNames.add(name.asText());
            }
        }
        if (!featureNames.isEmpty() && featureNames.size() != featureCount) {
            throw ModelDescription.invalidModel("not a consistent XGBoost model: it names " + featureNames.size()
                    + " features but has " + featureCount);
        }

        TensorSpec output;
        if (objective.equals("multi:softprob")) {
            output = new TensorSpec("probabilities", "FP32", List.of(TensorSpec.VARIABLE_DIMENSION, (long) classCount));
        } else if (targetCount > 1) {
            output = new TensorSpec("prediction", "FP32", List.of(TensorSpec.VARIABLE_DIMENSION, (long) targetCount));
        } else {
            output = new TensorSpec("prediction", "FP32", List.of(TensorSpec.VARIABLE_DIMENSION));
        }
        TensorSpec input = new TensorSpec("input", "FP32", List.of(TensorSpec.VARIABLE_DIMENSION, (long) featureCount));

        Map<String, String> properties = new HashMap<>();
        properties.put("format", format);
        properties.put("num_feature", Integer.toString(featureCount));
        if (classCount > 0) {
            properties.put("num_class", Integer.toString(classCount));
        }
        if (!objective.isEmpty()) {
            properties.put("objective", objective);
        }
        String boosterName = booster.path("name").asText("");
        if (!boosterName.isEmpty()) {
            properties.put("booster", boosterName);
        }
        JsonNode version = root.path("version");
        if (version.isArray() && !version.isEmpty()) {
            properties.put(
                    "version",
                    StreamSupport.stream(version.spliterator(), false)
                            .map(XgboostModelReader::versionPart)
                            .collect(Collectors.joining(".")));
        }
        JsonNode treeParameters = booster.path("model").path("gbtree_model_param");
        if (treeParameters.isMissingNode()) {
            treeParameters = booster.path("gbtree").path("model").path("gbtree_model_param");
        }
        int treeCount = nonNegativeInteger(treeParameters.path("num_trees"), "num_trees");
        if (treeCount >= 0) {
            properties.put("num_trees", Integer.toString(treeCount));
        }
        return new ModelDescription(
                new Signature(List.of(input), List.of(output), featureNames), properties, List.of());
    }

    private static String versionPart(JsonNode part) {
        if (part.isNumber() && part.asDouble() == Math.rint(part.asDouble())) {
            return Long.toString(part.asLong());
        }
        return part.asText();
    }

    /** XGBoost writes its parameters as text ("8"); returns -1 when absent. */
    private static int nonNegativeInteger(JsonNode node, String name) {
        if (node.isMissingNode() || node.isNull()) {
            return -1;
        }
        try {
            long value = node.isNumber()
                    ? node.asLong()
                    : Long.parseLong(node.asText().strip());
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) value;
        } catch (NumberFormatException notANumber) {
            throw ModelDescription.invalidModel("not a valid XGBoost model: `" + name + "` is '" + node.asText()
                    + "', expected a whole number of 0 or more");
        }
    }
}

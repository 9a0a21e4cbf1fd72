package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code modelyard.yaml} (YAML, or JSON) into a {@link ModelManifest}, checking every key and type. Safe for
 * untrusted text: the size is limited, YAML aliases are refused, nesting is bounded. Thread-safe.
 */
public final class ManifestParser {

    /** The keys a manifest may have at its top level, in documentation order. */
    public static final List<String> TOP_LEVEL_KEYS = List.of(
            "format_version",
            "runtime",
            "runtime_version",
            "model_file",
            "description",
            "signature",
            "preprocessing",
            "postprocessing",
            "hyperparameters",
            "datasets",
            "test_scenarios",
            "environment",
            "metadata");

    private static final List<String> SIGNATURE_KEYS = List.of("inputs", "outputs", "feature_names");
    private static final List<String> TENSOR_KEYS = List.of("name", "datatype", "shape");
    private static final List<String> DATASET_KEYS = List.of("dataset", "version");
    private static final List<String> TEST_SCENARIO_KEYS = List.of("name", "inputs", "expected_outputs", "tolerance");
    private static final List<String> ENVIRONMENT_KEYS = List.of("python", "libraries");
    private static final int MAX_NESTING_DEPTH = 64;
    private static final String MANIFEST = ModelPackageInspector.MANIFEST_FILE_NAME;
    private static final Map<String, String> DATATYPE_ALIASES = Map.ofEntries(
            Map.entry("FLOAT16", "FP16"),
            Map.entry("FLOAT32", "FP32"),
            Map.entry("FLOAT", "FP32"),
            Map.entry("FLOAT64", "FP64"),
            Map.entry("DOUBLE", "FP64"),
            Map.entry("BFLOAT16", "BF16"),
            Map.entry("STRING", "BYTES"),
            Map.entry("STR", "BYTES"),
            Map.entry("BOOLEAN", "BOOL"));

    private final PackageLimits limits;
    private final ObjectMapper yamlMapper;
    private final ObjectMapper jsonMapper;

    public ManifestParser(PackageLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxManifestBytes()))
                .build();
        LoaderOptions loaderOptions = new LoaderOptions();
        loaderOptions.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxManifestBytes()));
        loaderOptions.setMaxAliasesForCollections(10);
        loaderOptions.setNestingDepthLimit(MAX_NESTING_DEPTH);
        loaderOptions.setAllowDuplicateKeys(false);
        YAMLFactory yamlFactory = YAMLFactory.builder()
                .loaderOptions(loaderOptions)
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonFactory jsonFactory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.yamlMapper = new ObjectMapper(yamlFactory);
        this.jsonMapper = new ObjectMapper(jsonFactory);
    }

    /**
     * Parses manifest text. Blank text is an empty manifest.
     *
     * @throws ModelyardException {@link ErrorCode#INVALID_MANIFEST} saying which key is wrong and how
     */
    public ModelManifest parse(String text) {
        requireNonNull(text, "text is null");
        long size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > limits.maxManifestBytes()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_MANIFEST,
                    MANIFEST + " is " + size + " bytes, more than the limit of " + limits.maxManifestBytes()
                            + " bytes; keep large data in separate files of the package",
                    Map.of("size_bytes", size, "limit_bytes", limits.maxManifestBytes()));
        }
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (content.isBlank()) {
            return ModelManifest.empty();
        }
        return fromTree(readTree(content));
    }

    private JsonNode readTree(String content) {
        if (content.stripLeading().startsWith("{")) {
            try {
                return jsonMapper.readTree(content);
            } catch (JsonProcessingException notJson) {
                // YAML flow style also starts with "{": let the YAML parser decide and report.
            }
        }
        try {
            rejectAliases(content);
            JsonNode tree = yamlMapper.readTree(content);
            return tree == null || tree.isMissingNode() || tree.isNull() ? yamlMapper.createObjectNode() : tree;
        } catch (StreamConstraintsException tooLarge) {
            throw new ModelyardException(
                    ErrorCode.INVALID_MANIFEST,
                    MANIFEST + " nests values more than " + MAX_NESTING_DEPTH
                            + " levels deep or holds an oversized value; simplify it",
                    Map.of(),
                    tooLarge);
        } catch (JsonProcessingException syntaxError) {
            throw syntaxError(syntaxError);
        } catch (YAMLException yamlError) {
            throw new ModelyardException(
                    ErrorCode.INVALID_MANIFEST,
                    MANIFEST + " is not valid YAML: "
                            + String.valueOf(yamlError.getMessage())
                                    .lines()
                                    .findFirst()
                                    .orElse("syntax error"),
                    Map.of(),
                    yamlError);
        } catch (IOException unexpected) {
            throw new ModelyardException(
                    ErrorCode.INVALID_MANIFEST, MANIFEST + " could not be read as YAML", Map.of(), unexpected);
        }
    }

    private static ModelyardException syntaxError(JsonProcessingException syntaxError) {
        JsonLocation location = syntaxError.getLocation();
        long line = location == null ? -1 : location.getLineNr();
        long column = location == null ? -1 : location.getColumnNr();
        String reason = syntaxError.getOriginalMessage().lines().findFirst().orElse("syntax error");
        if (syntaxError.getCause() instanceof MarkedYAMLException yamlError && yamlError.getProblem() != null) {
            reason = yamlError.getProblem()
                    + (yamlError.getContext() == null ? "" : " (" + yamlError.getContext() + ")");
            if (yamlError.getProblemMark() != null) {
                line = yamlError.getProblemMark().getLine() + 1L;
                column = yamlError.getProblemMark().getColumn() + 1L;
            }
        }
        if (reason.startsWith("Duplicate field ")) {
            String key = reason.substring("Duplicate field ".length());
            return new ModelyardException(
                    ErrorCode.INVALID_MANIFEST,
                    MANIFEST + ": the key " + key + " appears twice" + (line > 0 ? " (line " + line + ")" : "")
                            + "; keep one",
                    line > 0 ? Map.of("line", line) : Map.of(),
                    syntaxError);
        }
        String where = line > 0 ? " at line " + line + ", column " + column : "";
        return new ModelyardException(
                ErrorCode.INVALID_MANIFEST,
                MANIFEST + " is not valid YAML" + where + ": " + reason,
                line > 0 ? Map.of("line", line, "column", column) : Map.of(),
                syntaxError);
    }

    /** Jackson does not expand YAML aliases; rather than silently reading them as text, refuse them. */
    private void rejectAliases(String content) throws IOException {
        try (JsonParser parser = yamlMapper.getFactory().createParser(content)) {
            while (parser.nextToken() != null) {
                if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
                    throw new ModelyardException(
                            ErrorCode.INVALID_MANIFEST,
                            MANIFEST + " uses the YAML alias *" + parser.getText() + " at line "
                                    + parser.currentLocation().getLineNr()
                                    + "; aliases are not supported, write the value out in full",
                            Map.of("line", parser.currentLocation().getLineNr()));
                }
            }
        }
    }

    private ModelManifest fromTree(JsonNode root) {
        if (!root.isObject()) {
            throw invalid("", MANIFEST + " must be a mapping of keys such as `runtime: onnx`, got " + describe(root));
        }
        rejectUnknownKeys(root, "", TOP_LEVEL_KEYS);
        int formatVersion = ModelManifest.CURRENT_FORMAT_VERSION;
        JsonNode formatNode = present(root, "format_version");
        if (formatNode != null) {
            long requested = integer(formatNode, "format_version");
            if (requested != ModelManifest.CURRENT_FORMAT_VERSION) {
                throw invalid(
                        "format_version",
                        "format_version " + requested + " is not supported; this Modelyard reads format_version "
                                + ModelManifest.CURRENT_FORMAT_VERSION);
            }
        }
        RuntimeName runtime = null;
        JsonNode runtimeNode = present(root, "runtime");
        if (runtimeNode != null) {
            runtime = RuntimeName.fromId(string(runtimeNode, "runtime"));
        }
        String modelFile = null;
        JsonNode modelFileNode = present(root, "model_file");
        if (modelFileNode != null) {
            modelFile = PackagePaths.normalizeDeclaredPath(string(modelFileNode, "model_file"));
        }
        return new ModelManifest(
                formatVersion,
                runtime,
                optionalString(root, "runtime_version"),
                modelFile,
                optionalString(root, "description"),
                present(root, "signature") == null ? null : signature(root.get("signature"), "signature"),
                steps(root, "preprocessing"),
                steps(root, "postprocessing"),
                optionalFreeFormMap(root, "hyperparameters", "hyperparameters"),
                datasets(root),
                testScenarios(root),
                present(root, "environment") == null ? null : environment(root.get("environment")),
                optionalFreeFormMap(root, "metadata", "metadata"));
    }

    private static Signature signature(JsonNode node, String path) {
        requireMapping(node, path);
        rejectUnknownKeys(node, path + ".", SIGNATURE_KEYS);
        List<TensorSpec> inputs = tensors(node, "inputs", path + ".inputs");
        List<TensorSpec> outputs = tensors(node, "outputs", path + ".outputs");
        List<String> featureNames = new ArrayList<>();
        JsonNode namesNode = present(node, "feature_names");
        if (namesNode != null) {
            String namesPath = path + ".feature_names";
            requireList(namesNode, namesPath, "a list of feature names");
            Set<String> seen = new HashSet<>();
            for (int index = 0; index < namesNode.size(); index++) {
                String name = nonBlankString(namesNode.get(index), namesPath + "[" + index + "]");
                if (!seen.add(name)) {
                    throw invalid(namesPath, "`" + namesPath + "` lists the feature name '" + name + "' twice");
                }
                featureNames.add(name);
            }
        }
        return new Signature(inputs, outputs, featureNames);
    }

    private static List<TensorSpec> tensors(JsonNode signature, String key, String path) {
        JsonNode listNode = present(signature, key);
        if (listNode == null) {
            return List.of();
        }
        requireList(listNode, path, "a list of tensors, each with name, datatype and shape");
        List<TensorSpec> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int index = 0; index < listNode.size(); index++) {
            String tensorPath = path + "[" + index + "]";
            JsonNode tensorNode = listNode.get(index);
            requireMapping(tensorNode, tensorPath);
            rejectUnknownKeys(tensorNode, tensorPath + ".", TENSOR_KEYS);
            String name = nonBlankString(required(tensorNode, "name", tensorPath), tensorPath + ".name");
            if (!names.add(name)) {
                throw invalid(tensorPath + ".name", "`" + path + "` names the tensor '" + name + "' twice");
            }
            String datatype = datatype(required(tensorNode, "datatype", tensorPath), tensorPath + ".datatype");
            String shapePath = tensorPath + ".shape";
            JsonNode shapeNode = present(tensorNode, "shape");
            if (shapeNode == null) {
                throw invalid(
                        shapePath,
                        "`" + shapePath
                                + "` is missing; give the dimensions with -1 for a variable one, e.g. [-1, 13]");
            }
            requireList(shapeNode, shapePath, "a list of integers (-1 for a variable dimension)");
            List<Long> shape = new ArrayList<>();
            for (int dimensionIndex = 0; dimensionIndex < shapeNode.size(); dimensionIndex++) {
                JsonNode dimension = shapeNode.get(dimensionIndex);
                if (!dimension.isIntegralNumber() || !dimension.canConvertToLong() || dimension.asLong() < -1) {
                    throw invalid(
                            shapePath,
                            "`" + shapePath + "` must be a list of integers (-1 for a variable dimension), got "
                                    + describe(dimension) + " at position " + dimensionIndex);
                }
                shape.add(dimension.asLong());
            }
            tensors.add(new TensorSpec(name, datatype, shape));
        }
        return tensors;
    }

    private static String datatype(JsonNode node, String path) {
        String text = string(node, path).strip().toUpperCase(Locale.ROOT);
        if (TensorSpec.DATATYPES.contains(text)) {
            return text;
        }
        String alias = DATATYPE_ALIASES.get(text);
        if (alias != null) {
            return alias;
        }
        throw invalid(
                path,
                "`" + path + "` is '" + node.asText() + "', which is not a datatype; use one of "
                        + String.join(", ", TensorSpec.DATATYPES));
    }

    private static List<Map<String, Object>> steps(JsonNode root, String key) {
        JsonNode listNode = present(root, key);
        if (listNode == null) {
            return List.of();
        }
        requireList(listNode, key, "a list of steps, each a mapping with a `step` name and its parameters");
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int index = 0; index < listNode.size(); index++) {
            String stepPath = key + "[" + index + "]";
            JsonNode stepNode = listNode.get(index);
            requireMapping(stepNode, stepPath);
            nonBlankString(required(stepNode, "step", stepPath), stepPath + ".step");
            steps.add(freeFormMap(stepNode, stepPath));
        }
        return steps;
    }

    private static Map<String, DatasetReference> datasets(JsonNode root) {
        JsonNode datasetsNode = present(root, "datasets");
        if (datasetsNode == null) {
            return Map.of();
        }
        requireMapping(datasetsNode, "datasets");
        Map<String, DatasetReference> datasets = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : datasetsNode.properties()) {
            String path = "datasets." + field.getKey();
            JsonNode referenceNode = field.getValue();
            if (referenceNode.isTextual()) {
                datasets.put(field.getKey(), new DatasetReference(nonBlankString(referenceNode, path), null));
                continue;
            }
            requireMapping(referenceNode, path);
            rejectUnknownKeys(referenceNode, path + ".", DATASET_KEYS);
            String dataset = nonBlankString(required(referenceNode, "dataset", path), path + ".dataset");
            Integer version = null;
            JsonNode versionNode = present(referenceNode, "version");
            if (versionNode != null) {
                long value = integer(versionNode, path + ".version");
                if (value < 1 || value > Integer.MAX_VALUE) {
                    throw invalid(path + ".version", "`" + path + ".version` must be a version number of 1 or more");
                }
                version = (int) value;
            }
            datasets.put(field.getKey(), new DatasetReference(dataset, version));
        }
        return datasets;
    }

    private static List<TestScenario> testScenarios(JsonNode root) {
        JsonNode listNode = present(root, "test_scenarios");
        if (listNode == null) {
            return List.of();
        }
        requireList(listNode, "test_scenarios", "a list of scenarios, each with name, inputs and expected_outputs");
        List<TestScenario> scenarios = new ArrayList<>();
        for (int index = 0; index < listNode.size(); index++) {
            String path = "test_scenarios[" + index + "]";
            JsonNode scenarioNode = listNode.get(index);
            requireMapping(scenarioNode, path);
            rejectUnknownKeys(scenarioNode, path + ".", TEST_SCENARIO_KEYS);
            String name = nonBlankString(required(scenarioNode, "name", path), path + ".name");
            JsonNode inputsNode = required(scenarioNode, "inputs", path);
            requireMapping(inputsNode, path + ".inputs");
            Map<String, Object> inputs = freeFormMap(inputsNode, path + ".inputs");
            Map<String, Object> expectedOutputs =
                    optionalFreeFormMap(scenarioNode, "expected_outputs", path + ".expected_outputs");
            Double tolerance = null;
            JsonNode toleranceNode = present(scenarioNode, "tolerance");
            if (toleranceNode != null) {
                if (!toleranceNode.isNumber() || !(toleranceNode.asDouble() >= 0)) {
                    throw invalid(
                            path + ".tolerance",
                            "`" + path + ".tolerance` must be a number of 0 or more, got " + describe(toleranceNode));
                }
                tolerance = toleranceNode.asDouble();
            }
            scenarios.add(new TestScenario(name, inputs, expectedOutputs, tolerance));
        }
        return scenarios;
    }

    private static CodeEnvironment environment(JsonNode node) {
        requireMapping(node, "environment");
        rejectUnknownKeys(node, "environment.", ENVIRONMENT_KEYS);
        String python = optionalString(node, "python", "environment.python");
        Map<String, String> libraries = new LinkedHashMap<>();
        JsonNode librariesNode = present(node, "libraries");
        if (librariesNode != null) {
            requireMapping(librariesNode, "environment.libraries");
            for (Map.Entry<String, JsonNode> field : librariesNode.properties()) {
                libraries.put(field.getKey(), string(field.getValue(), "environment.libraries." + field.getKey()));
            }
        }
        return new CodeEnvironment(python, libraries);
    }

    private static Map<String, Object> optionalFreeFormMap(JsonNode parent, String key, String path) {
        JsonNode node = present(parent, key);
        if (node == null) {
            return Map.of();
        }
        requireMapping(node, path);
        return freeFormMap(node, path);
    }

    private static Map<String, Object> freeFormMap(JsonNode node, String path) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) toJava(node, path, 0);
        return map;
    }

    private static Object toJava(JsonNode node, String path, int depth) {
        if (depth > MAX_NESTING_DEPTH) {
            throw invalid(path, "`" + path + "` nests values more than " + MAX_NESTING_DEPTH + " levels deep");
        }
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    map.put(field.getKey(), toJava(field.getValue(), path + "." + field.getKey(), depth + 1));
                }
                yield Collections.unmodifiableMap(map);
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (int index = 0; index < node.size(); index++) {
                    list.add(toJava(node.get(index), path + "[" + index + "]", depth + 1));
                }
                yield Collections.unmodifiableList(list);
            }
            case STRING -> node.textValue();
            case NUMBER -> node.numberValue();
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            case BINARY, POJO -> node.asText();
        };
    }

    private static JsonNode present(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        return node == null || node.isNull() ? null : node;
    }

    private static JsonNode required(JsonNode parent, String key, String parentPath) {
        JsonNode node = present(parent, key);
        if (node == null) {
            String path = parentPath.isEmpty() ? key : parentPath + "." + key;
            throw invalid(path, "`" + path + "` is missing");
        }
        return node;
    }

    private static String optionalString(JsonNode parent, String key) {
        return optionalString(parent, key, key);
    }

    private static String optionalString(JsonNode parent, String key, String path) {
        JsonNode node = present(parent, key);
        return node == null ? null : string(node, path);
    }

    private static String string(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue();
        }
        String hint =
                node.isNumber() || node.isBoolean() ? "; put the value in quotes, e.g. \"" + node.asText() + "\"" : "";
        throw invalid(path, "`" + path + "` must be text, got " + describe(node) + hint);
    }

    private static String nonBlankString(JsonNode node, String path) {
        String text = string(node, path);
        if (text.isBlank()) {
            throw invalid(path, "`" + path + "` must not be empty");
        }
        return text;
    }

    private static long integer(JsonNode node, String path) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(path, "`" + path + "` must be a whole number, got " + describe(node));
        }
        return node.asLong();
    }

    private static void requireMapping(JsonNode node, String path) {
        if (!node.isObject()) {
            throw invalid(path, "`" + path + "` must be a mapping (key: value lines), got " + describe(node));
        }
    }

    private static void requireList(JsonNode node, String path, String expected) {
        if (!node.isArray()) {
            throw invalid(path, "`" + path + "` must be " + expected + ", got " + describe(node));
        }
    }

    private static void rejectUnknownKeys(JsonNode node, String prefix, List<String> validKeys) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!validKeys.contains(name)) {
                String where = prefix.isEmpty() ? "" : " in `" + prefix.substring(0, prefix.length() - 1) + "`";
                String suggestion = closestKey(name, validKeys);
                throw new ModelyardException(
                        ErrorCode.INVALID_MANIFEST,
                        MANIFEST + ": unknown key `" + name + "`" + where
                                + (suggestion == null ? "" : " (did you mean `" + suggestion + "`?)")
                                + "; valid keys are " + String.join(", ", validKeys),
                        Map.of("key", prefix + name, "valid_keys", validKeys));
            }
        }
    }

    private static String closestKey(String name, List<String> validKeys) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : validKeys) {
            int distance = editDistance(name.toLowerCase(Locale.ROOT), candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 4) ? best : null;
    }

    private static int editDistance(String first, String second) {
        int[] previous = new int[second.length() + 1];
        int[] current = new int[second.length() + 1];
        for (int column = 0; column <= second.length(); column++) {
            previous[column] = column;
        }
        for (int row = 1; row <= first.length(); row++) {
            current[0] = row;
            for (int column = 1; column <= second.length(); column++) {
                int substitution = first.charAt(row - 1) == second.charAt(column - 1) ? 0 : 1;
                current[column] = Math.min(
                        Math.min(current[column - 1] + 1, previous[column] + 1), previous[column - 1] + substitution);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[second.length()];
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "a mapping";
            case ARRAY -> "a list";
            case STRING -> "the text '" + abbreviate(node.textValue()) + "'";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case NULL, MISSING -> "nothing";
            case BINARY, POJO -> "a binary value";
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static ModelyardException invalid(String path, String message) {
        return new ModelyardException(
                ErrorCode.INVALID_MANIFEST,
                message.startsWith(MANIFEST) ? message : MANIFEST + ": " + message,
                path.isEmpty() ? Map.of() : Map.of("key", path));
    }
}

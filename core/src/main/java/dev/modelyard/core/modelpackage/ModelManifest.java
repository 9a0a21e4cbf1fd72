package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed {@code modelyard.yaml}: everything a team declares about a model version.
 *
 * <p>Absent values: a value the manifest does not give is {@code null} for single values and objects ({@code
 * runtime}, {@code runtimeVersion}, {@code modelFile}, {@code description}, {@code signature}, {@code environment})
 * and empty for lists and maps. The manifest of an {@link InspectedModel} always has {@code runtime}, {@code
 * modelFile} and {@code signature}.
 *
 * @param formatVersion the manifest format version; only {@value #CURRENT_FORMAT_VERSION} exists
 * @param runtime the runtime that serves the model
 * @param runtimeVersion the runtime version the model was built for, as text (for example "1.17.3")
 * @param modelFile the model file's path inside the package, or the uploaded file's name
 * @param description free text about the model version
 * @param signature the declared (or, once inspected, the effective) signature
 * @param preprocessing the steps applied to a request before the model; each has a {@code step} name and free-form
 *     parameters
 * @param postprocessing the steps applied to the model's output, like {@code preprocessing}
 * @param hyperparameters free-form training hyperparameters
 * @param datasets role (training, validation, test...) to dataset
 * @param testScenarios example requests with their expected outputs
 * @param environment the software the model was built with
 * @param metadata free-form extra information
 */
public record ModelManifest(
        int formatVersion,
        RuntimeName runtime,
        String runtimeVersion,
        String modelFile,
        String description,
        Signature signature,
        List<Map<String, Object>> preprocessing,
        List<Map<String, Object>> postprocessing,
        Map<String, Object> hyperparameters,
        Map<String, DatasetReference> datasets,
        List<TestScenario> testScenarios,
        CodeEnvironment environment,
        Map<String, Object> metadata) {

    /** The only manifest format version this Modelyard reads and writes. */
    public static final int CURRENT_FORMAT_VERSION = 1;

    public ModelManifest {
        if (formatVersion != CURRENT_FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported format version " + formatVersion);
        }
        preprocessing = FreeFormValues.copyListOfMaps(requireNonNull(preprocessing, "preprocessing is null"));
        postprocessing = FreeFormValues.copyListOfMaps(requireNonNull(postprocessing, "postprocessing is null"));
        hyperparameters = FreeFormValues.copyMap(requireNonNull(hyperparameters, "hyperparameters is null"));
        datasets = FreeFormValues.copyOrderedMap(requireNonNull(datasets, "datasets is null"));
        testScenarios = List.copyOf(requireNonNull(testScenarios, "testScenarios is null"));
        metadata = FreeFormValues.copyMap(requireNonNull(metadata, "metadata is null"));
        for (Map<String, Object> step : preprocessing) {
            requireStepName(step, "preprocessing");
        }
        for (Map<String, Object> step : postprocessing) {
            requireStepName(step, "postprocessing");
        }
    }

    /** A manifest that declares nothing. */
    public static ModelManifest empty() {
        return new ModelManifest(
                CURRENT_FORMAT_VERSION,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                List.of(),
                null,
                Map.of());
    }

    /**
     * Parses {@code modelyard.yaml} text (YAML, or JSON such as {@link #toMap()} produces).
     *
     * @throws dev.modelyard.core.ModelyardException {@code INVALID_MANIFEST} naming what is wrong
     */
    public static ModelManifest parse(String text, PackageLimits limits) {
        return new ManifestParser(limits).parse(text);
    }

    /** This manifest with another runtime. */
    public ModelManifest withRuntime(RuntimeName newRuntime) {
        return new ModelManifest(
                formatVersion,
                newRuntime,
                runtimeVersion,
                modelFile,
                description,
                signature,
                preprocessing,
                postprocessing,
                hyperparameters,
                datasets,
                testScenarios,
                environment,
                metadata);
    }

    /** This manifest with another model file. */
    public ModelManifest withModelFile(String newModelFile) {
        return new ModelManifest(
                formatVersion,
                runtime,
                runtimeVersion,
                newModelFile,
                description,
                signature,
                preprocessing,
                postprocessing,
                hyperparameters,
                datasets,
                testScenarios,
                environment,
                metadata);
    }

    /** This manifest with another signature. */
    public ModelManifest withSignature(Signature newSignature) {
        return new ModelManifest(
                formatVersion,
                runtime,
                runtimeVersion,
                modelFile,
                description,
                newSignature,
                preprocessing,
                postprocessing,
                hyperparameters,
                datasets,
                testScenarios,
                environment,
                metadata);
    }

    /**
     * The manifest in its snake_case {@code modelyard.yaml} form, ready to be written as JSON or YAML; absent values
     * and empty lists and maps are left out. {@link #parse} reads it back to an equal manifest.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format_version", formatVersion);
        if (runtime != null) {
            map.put("runtime", runtime.id());
        }
        putIfPresent(map, "runtime_version", runtimeVersion);
        putIfPresent(map, "model_file", modelFile);
        putIfPresent(map, "description", description);
        if (signature != null) {
            map.put("signature", signatureToMap(signature));
        }
        putIfNotEmpty(map, "preprocessing", preprocessing);
        putIfNotEmpty(map, "postprocessing", postprocessing);
        putIfNotEmpty(map, "hyperparameters", hyperparameters);
        if (!datasets.isEmpty()) {
            Map<String, Object> datasetMaps = new LinkedHashMap<>();
            datasets.forEach((role, reference) -> {
                Map<String, Object> referenceMap = new LinkedHashMap<>();
                referenceMap.put("dataset", reference.dataset());
                putIfPresent(referenceMap, "version", reference.version());
                datasetMaps.put(role, Collections.unmodifiableMap(referenceMap));
            });
            map.put("datasets", Collections.unmodifiableMap(datasetMaps));
        }
        if (!testScenarios.isEmpty()) {
            List<Object> scenarioMaps = new ArrayList<>();
            for (TestScenario scenario : testScenarios) {
                Map<String, Object> scenarioMap = new LinkedHashMap<>();
                scenarioMap.put("name", scenario.name());
                scenarioMap.put("inputs", scenario.inputs());
                putIfNotEmpty(scenarioMap, "expected_outputs", scenario.expectedOutputs());
                putIfPresent(scenarioMap, "tolerance", scenario.tolerance());
                scenarioMaps.add(Collections.unmodifiableMap(scenarioMap));
            }
            map.put("test_scenarios", Collections.unmodifiableList(scenarioMaps));
        }
        if (environment != null) {
            Map<String, Object> environmentMap = new LinkedHashMap<>();
            putIfPresent(environmentMap, "python", environment.python());
            putIfNotEmpty(environmentMap, "libraries", environment.libraries());
            map.put("environment", Collections.unmodifiableMap(environmentMap));
        }
        putIfNotEmpty(map, "metadata", metadata);
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, Object> signatureToMap(Signature signature) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(
                "inputs",
                signature.inputs().stream().map(ModelManifest::tensorToMap).toList());
        map.put(
                "outputs",
                signature.outputs().stream().map(ModelManifest::tensorToMap).toList());
        putIfNotEmpty(map, "feature_names", signature.featureNames());
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, Object> tensorToMap(TensorSpec tensor) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", tensor.name());
        map.put("datatype", tensor.datatype());
        map.put("shape", tensor.shape());
        return Collections.unmodifiableMap(map);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> map, String key, Map<String, ?> value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> map, String key, List<?> value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static void requireStepName(Map<String, Object> step, String key) {
        if (!(step.get("step") instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("every " + key + " step needs a step name");
        }
    }
}

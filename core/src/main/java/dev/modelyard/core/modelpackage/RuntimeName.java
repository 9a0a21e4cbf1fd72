package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The model runtimes Modelyard can validate and serve, with the id used in manifests and the API. */
public enum RuntimeName {
    ONNX("onnx", List.of(".onnx")),
    XGBOOST("xgboost", List.of(".json", ".ubj")),
    LIGHTGBM("lightgbm", List.of(".txt", ".lgbm")),
    PMML("pmml", List.of(".pmml", ".xml"));

    private final String id;
    private final List<String> fileExtensions;

    RuntimeName(String id, List<String> fileExtensions) {
        this.id = id;
        this.fileExtensions = fileExtensions;
    }

    /** The lower-case id, as written in {@code modelyard.yaml} ({@code runtime: onnx}). */
    public String id() {
        return id;
    }

    /** The file name extensions (lower case, with the dot) that identify a model file of this runtime. */
    public List<String> fileExtensions() {
        return fileExtensions;
    }

    /**
     * The runtime with this id, ignoring case and surrounding blanks.
     *
     * @throws ModelyardException {@link ErrorCode#INVALID_MANIFEST} naming the valid ids
     */
    public static RuntimeName fromId(String id) {
        requireNonNull(id, "id is null");
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        for (RuntimeName runtime : values()) {
            if (runtime.id.equals(wanted)) {
                return runtime;
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_MANIFEST,
                "unknown runtime '" + id + "'; use one of " + validIds(),
                Map.of(
                        "key",
                        "runtime",
                        "valid_runtimes",
                        Arrays.stream(values()).map(RuntimeName::id).toList()));
    }

    /** The runtime whose model files carry this file name's extension, if any. */
    static Optional<RuntimeName> fromFileName(String fileName) {
        String lowerCase = fileName.toLowerCase(Locale.ROOT);
        for (RuntimeName runtime : values()) {
            if (runtime.matchesFileName(lowerCase)) {
                return Optional.of(runtime);
            }
        }
        return Optional.empty();
    }

    boolean matchesFileName(String fileName) {
        String lowerCase = fileName.toLowerCase(Locale.ROOT);
        return fileExtensions.stream().anyMatch(lowerCase::endsWith);
    }

    static String validIds() {
        return Arrays.stream(values()).map(RuntimeName::id).collect(Collectors.joining(", "));
    }
}

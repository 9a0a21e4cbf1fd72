package dev.modelyard.core.modelpackage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a LightGBM text model ({@code Booster.save_model("model.txt")}): reads its header for the features and
 * classes, then streams through the trees, counting them, up to the {@code end of trees} line.
 */
final class LightgbmModelReader {

    private static final String SAVE_HINT = "save it with booster.save_model(\"model.txt\")";
    private static final int MAX_HEADER_LINE_BYTES = 64 * 1024 * 1024;
    private static final int TREE_LINE_PREFIX_BYTES = 16;
    private static final String TREE_LINE_PREFIX = "Tree=";
    private static final String END_OF_TREES = "end of trees";

    private static final int FIRST_LINE_MAX_BYTES = 256;
    private static final String FIRST_LINE_MESSAGE =
            "not a LightGBM text model: the first line must be `tree`; " + SAVE_HINT;

    private final InputStream input;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferPosition;
    private int bufferLimit;

    private LightgbmModelReader(InputStream input) {
        this.input = input;
    }

    static ModelDescription read(InputStream input) throws IOException {
        return new LightgbmModelReader(input).readModel();
    }

    private ModelDescription readModel() throws IOException {
        String firstLine = readLine(FIRST_LINE_MAX_BYTES, FIRST_LINE_MESSAGE);
        if (firstLine == null || !firstLine.strip().equals("tree")) {
            throw ModelDescription.invalidModel(FIRST_LINE_MESSAGE);
        }
        Map<String, String> header = new HashMap<>();
        String line;
        while (true) {
            line = readLine(
                    MAX_HEADER_LINE_BYTES,
                    "not a LightGBM text model: a header line is longer than " + MAX_HEADER_LINE_BYTES + " bytes; "
                            + SAVE_HINT);
            if (line == null
                    || line.startsWith(TREE_LINE_PREFIX)
                    || line.strip().equals(END_OF_TREES)) {
                break;
            }
            int separator = line.indexOf('=');
            if (separator > 0) {
                header.putIfAbsent(
                        line.substring(0, separator).strip(),
                        line.substring(separator + 1).strip());
            }
        }
        for (String required : List.of("version", "max_feature_idx", "feature_names")) {
            if (!header.containsKey(required)) {
                throw ModelDescription.invalidModel(
                        "not a valid LightGBM text model: the header has no `" + required + "=` line; " + SAVE_HINT);
            }
        }
        int featureCount = headerInteger(header, "max_feature_idx", 0) + 1;
        int classCount = headerInteger(header, "num_class", 1);
        List<String> featureNames = Arrays.stream(header.get("feature_names").split(" "))
                .filter(name -> !name.isEmpty())
                .toList();
        if (featureNames.size() != featureCount) {
            throw ModelDescription.invalidModel("not a consistent LightGBM model: `feature_names=` lists "
                    + featureNames.size() + " names but `max_feature_idx=` says " + featureCount + " features");
        }

        long treeCount = 0;
        boolean endOfTrees = line != null && line.strip().equals(END_OF_TREES);
        if (line != null && line.startsWith(TREE_LINE_PREFIX)) {
            treeCount++;
        }
        while (!endOfTrees) {
            String prefix = readLinePrefix(TREE_LINE_PREFIX_BYTES);
            if (prefix == null) {
                throw ModelDescription.invalidModel("not a complete LightGBM model: the file ends before the `"
                        + END_OF_TREES + "` line; it looks truncated");
            }
            if (prefix.startsWith(TREE_LINE_PREFIX)) {
                treeCount++;
            } else if (prefix.strip().equals(END_OF_TREES)) {
                endOfTrees = true;
            }
        }
        while (readLinePrefix(TREE_LINE_PREFIX_BYTES) != null) {
            // The rest (feature importances, parameters) is not needed; reading it checks the whole file is there.
        }

        TensorSpec inputTensor =
                new TensorSpec("input", "FP32", List.of(TensorSpec.VARIABLE_DIMENSION, (long) featureCount));
        TensorSpec outputTensor = classCount > 1
                ? new TensorSpec("probabilities", "FP32", List.of(TensorSpec.VARIABLE_DIMENSION, (long) classCount))
                : new TensorSpec("prediction", "FP32", List.of(TensorSpec.VARIABLE_DIMENSION));
        Map<String, String> properties = new HashMap<>();
        properties.put("version", header.get("version"));
        properties.put("max_feature_idx", Integer.toString(featureCount - 1));
        properties.put("num_class", Integer.toString(classCount));
        properties.put("num_trees", Long.toString(treeCount));
        String objective = header.get("objective");
        if (objective != null && !objective.isEmpty()) {
            properties.put("objective", objective);
        }
        String treesPerIteration = header.get("num_tree_per_iteration");
        if (treesPerIteration != null && !treesPerIteration.isEmpty()) {
            properties.put("num_tree_per_iteration", treesPerIteration);
        }
        return new ModelDescription(
                new Signature(List.of(inputTensor), List.of(outputTensor), featureNames), properties, List.of());
    }

    private static int headerInteger(Map<String, String> header, String key, int defaultValue) {
        String value = header.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException notANumber) {
            throw ModelDescription.invalidModel(
                    "not a valid LightGBM model: `" + key + "=" + value + "` is not a whole number of 0 or more");
        }
    }

    /** The next line without its line break, or null at the end; a longer line than allowed is an error. */
    private String readLine(int maxBytes, String tooLongMessage) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int next = nextByte();
        if (next < 0) {
            return null;
        }
        while (next >= 0 && next != '\n') {
            if (line.size() >= maxBytes) {
                throw ModelDescription.invalidModel(tooLongMessage);
            }
            line.write(next);
            next = nextByte();
        }
        return stripCarriageReturn(line.toString(StandardCharsets.UTF_8));
    }

    /** The first bytes of the next line (the rest of the line is skipped), or null at the end. */
    private String readLinePrefix(int prefixBytes) throws IOException {
        byte[] prefix = new byte[prefixBytes];
        int length = 0;
        int next = nextByte();
        if (next < 0) {
            return null;
        }
        while (next >= 0 && next != '\n') {
            if (length < prefixBytes) {
                prefix[length++] = (byte) next;
            }
            next = nextByte();
        }
        return stripCarriageReturn(new String(prefix, 0, length, StandardCharsets.ISO_8859_1));
    }

    private int nextByte() throws IOException {
        if (bufferPosition == bufferLimit) {
            int read = input.read(buffer, 0, buffer.length);
            if (read <= 0) {
                return -1;
            }
            bufferPosition = 0;
            bufferLimit = read;
        }
        return buffer[bufferPosition++] & 0xFF;
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}

package dev.modelyard.core.monitoring.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads input features from the {@code input} column of a history row: the call's Open Inference
 * Protocol input tensors as JSON ({@code [{"name", "datatype", "shape", "data"}]}, data flat in
 * row-major order). Two layouts are understood:
 *
 * <ul>
 *   <li>one tensor of shape {@code [rows, n]}: a table of {@code n} features, named by the model
 *       version's signature when it declares {@code n} feature names, else {@code f0} … {@code f<n-1>};
 *   <li>tensors of shape {@code [rows]} or {@code [rows, 1]}: one feature per tensor, named as the
 *       tensor.
 * </ul>
 *
 * Numbers become numeric features, text ({@code BYTES}) and booleans categorical ones. Redacted
 * inputs (stored as a hash) and other shapes are not used.
 */
final class InputFeatures {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private InputFeatures() {}

    /**
     * Adds the features of one call's input to {@code samples}; returns the rows added (0 when the
     * input has no usable layout).
     */
    static long add(FeatureSamples samples, String inputJson, List<String> featureNames) {
        JsonNode tensors;
        try {
            tensors = JSON.readTree(inputJson);
        } catch (JsonProcessingException e) {
            return 0;
        }
        if (tensors == null || !tensors.isArray() || tensors.isEmpty()) {
            return 0;
        }
        if (tensors.size() == 1
                && shape(tensors.get(0)).size() == 2
                && shape(tensors.get(0)).get(1) != 1) {
            return addTable(samples, tensors.get(0), featureNames);
        }
        long rows = -1;
        List<JsonNode> columns = new ArrayList<>();
        for (JsonNode tensor : tensors) {
            List<Long> shape = shape(tensor);
            boolean column = shape.size() == 1 || shape.size() == 2 && shape.get(1) == 1;
            JsonNode data = tensor.path("data");
            if (!column
                    || !data.isArray()
                    || data.size() != shape.get(0)
                    || !tensor.path("name").isTextual()) {
                continue;
            }
            if (rows >= 0 && rows != shape.get(0)) {
                return 0;
            }
            rows = shape.get(0);
            columns.add(tensor);
        }
        if (columns.isEmpty()) {
            return 0;
        }
        for (JsonNode tensor : columns) {
            String feature = tensor.path("name").asText();
            for (JsonNode value : tensor.path("data")) {
                add(samples, feature, value);
            }
        }
        samples.addRows(rows);
        return rows;
    }

    private static long addTable(FeatureSamples samples, JsonNode tensor, List<String> featureNames) {
        List<Long> shape = shape(tensor);
        long rows = shape.get(0);
        int width = (int) (long) shape.get(1);
        JsonNode data = tensor.path("data");
        if (width < 1 || !data.isArray() || data.size() != rows * width) {
            return 0;
        }
        List<String> names = new ArrayList<>(width);
        for (int column = 0; column < width; column++) {
            names.add(featureNames.size() == width ? featureNames.get(column) : "f" + column);
        }
        int index = 0;
        for (long row = 0; row < rows; row++) {
            for (int column = 0; column < width; column++) {
                add(samples, names.get(column), data.get(index++));
            }
        }
        samples.addRows(rows);
        return rows;
    }

    private static void add(FeatureSamples samples, String feature, JsonNode value) {
        if (value.isNumber()) {
            samples.addNumber(feature, value.doubleValue());
        } else if (value.isTextual()) {
            samples.addCategory(feature, value.textValue());
        } else if (value.isBoolean()) {
            samples.addCategory(feature, Boolean.toString(value.booleanValue()));
        } else {
            samples.skipValue();
        }
    }

    /** The tensor's shape; empty when it has none or a dimension is not a whole number of at most 2^31. */
    private static List<Long> shape(JsonNode tensor) {
        JsonNode shape = tensor.path("shape");
        List<Long> dimensions = new ArrayList<>();
        if (!shape.isArray()) {
            return dimensions;
        }
        for (JsonNode dimension : shape) {
            if (!dimension.canConvertToLong()
                    || dimension.longValue() < 0
                    || dimension.longValue() > Integer.MAX_VALUE) {
                return List.of();
            }
            dimensions.add(dimension.longValue());
        }
        return dimensions;
    }
}

package dev.modelyard.server.serving;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.Tensor;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simple JSON form for tabular models: rows of named features in, one prediction per row out.
 * Features map to the model's single input tensor {@code [rows, features]} in the order the
 * signature names them.
 */
public final class TabularPredictions {
    public static final int MAX_INSTANCES = 10_000;

    private TabularPredictions() {}

    public static Tensor toTensor(Signature signature, List<Map<String, Object>> instances) {
        if (instances == null || instances.isEmpty()) {
            throw invalid("send at least one instance: {\"instances\": [{\"feature\": value, …}]}");
        }
        if (instances.size() > MAX_INSTANCES) {
            throw invalid("send at most " + MAX_INSTANCES + " instances per request, not " + instances.size());
        }
        List<String> features = signature.featureNames();
        if (signature.inputs().size() != 1 || features.isEmpty()) {
            throw invalid("this model does not name its features (or takes several inputs); call it with the Open"
                    + " Inference Protocol at /v2/models/{deployment}/infer");
        }
        TensorSpec input = signature.inputs().get(0);
        DataType type = DataType.fromName(input.datatype()).orElse(DataType.FP32);
        int rows = instances.size();
        int width = features.size();
        Set<String> known = new HashSet<>(features);
        Object values =
                switch (type) {
                    case FP64 -> new double[rows * width];
                    case INT64 -> new long[rows * width];
                    case INT32 -> new int[rows * width];
                    default -> new float[rows * width];
                };
        for (int row = 0; row < rows; row++) {
            Map<String, Object> instance = instances.get(row);
            if (instance == null) {
                throw invalid("instance " + row + " is null; send an object of features");
            }
            for (String name : instance.keySet()) {
                if (!known.contains(name)) {
                    throw invalid(
                            "instance " + row + " has unknown feature '" + name + "'; the model takes " + features);
                }
            }
            for (int column = 0; column < width; column++) {
                String feature = features.get(column);
                Object value = instance.get(feature);
                if (value == null) {
                    throw invalid("instance " + row + " lacks feature '" + feature + "'");
                }
                if (!(value instanceof Number number)) {
                    throw invalid("feature '" + feature + "' of instance " + row + " must be a number, not " + value);
                }
                int index = row * width + column;
                switch (type) {
                    case FP64 -> ((double[]) values)[index] = number.doubleValue();
                    case INT64 -> ((long[]) values)[index] = wholeNumber(number, feature, row);
                    case INT32 -> ((int[]) values)[index] = Math.toIntExact(wholeNumber(number, feature, row));
                    default -> ((float[]) values)[index] = number.floatValue();
                }
            }
        }
        DataType tensorType =
                switch (type) {
                    case FP64, INT64, INT32 -> type;
                    default -> DataType.FP32;
                };
        return new Tensor(input.name(), tensorType, new long[] {rows, width}, values);
    }

    /** One prediction per row: a number, a list (one row of a 2-d output), or a map of outputs. */
    public static List<Object> predictions(List<Tensor> outputs, int rows) {
        List<Object> predictions = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            if (outputs.size() == 1) {
                predictions.add(rowOf(outputs.get(0), row, rows));
            } else {
                Map<String, Object> byOutput = new LinkedHashMap<>();
                for (Tensor output : outputs) {
                    byOutput.put(output.name(), rowOf(output, row, rows));
                }
                predictions.add(byOutput);
            }
        }
        return predictions;
    }

    private static Object rowOf(Tensor tensor, int row, int rows) {
        int perRow = tensor.elementCount() / Math.max(1, rows);
        if (perRow == 1) {
            return element(tensor, row);
        }
        List<Object> values = new ArrayList<>(perRow);
        for (int i = 0; i < perRow; i++) {
            values.add(element(tensor, row * perRow + i));
        }
        return values;
    }

    private static Object element(Tensor tensor, int index) {
        Object value = Array.get(tensor.values(), index);
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : value;
    }

    private static long wholeNumber(Number number, String feature, int row) {
        double value = number.doubleValue();
        if (value != Math.rint(value)) {
            throw invalid("feature '" + feature + "' of instance " + row + " must be a whole number, not " + number);
        }
        return number.longValue();
    }

    private static ModelyardException invalid(String message) {
        return new ModelyardException(ErrorCode.INVALID_REQUEST, message, Map.of());
    }
}

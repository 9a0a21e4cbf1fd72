package dev.modelyard.core.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.core.evaluation.ScoreMapping;
import dev.modelyard.core.objective.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the predictions out of a recorded output (Open Inference Protocol tensors as JSON), the
 * way the objective reads its models ({@link ScoreMapping}): one prediction per row of the chosen
 * output tensor.
 *
 * <ul>
 *   <li>The tensor: {@code score_mapping.output} when set; else the only output, or the one named
 *       {@code probabilities}/{@code probability}, or the first floating-point one, or the first.
 *   <li>Classification from a floating-point tensor: binary, the row's {@code score_column}
 *       (default 1 of two columns, else 0) at or above the threshold is {@code 1} (or the positive
 *       label), else {@code 0} (or {@code not <positive label>}); multiclass, the column with the
 *       highest value (the first on ties), named by {@code class_labels} or its index. The row's
 *       values are its scores. From any other tensor (a label output): its first value, no scores.
 *   <li>Regression: the row's {@code score_column} (default 0).
 * </ul>
 */
final class ChallengerReportOutputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One prediction: a label (classification) or a value (regression), and scores when there are. */
    record Prediction(String label, double value, double[] scores) {}

    /** The output cannot be read as predictions; the pair it belongs to is not comparable. */
    static final class UnreadableOutput extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableOutput(String message) {
            super(message, null, false, false);
        }
    }

    private ChallengerReportOutputs() {}

    static List<Prediction> read(String outputJson, TaskType taskType, ScoreMapping mapping) throws UnreadableOutput {
        JsonNode tensors;
        try {
            tensors = JSON.readTree(outputJson);
        } catch (JsonProcessingException e) {
            throw new UnreadableOutput("the output is not JSON");
        }
        if (tensors == null || !tensors.isArray() || tensors.isEmpty()) {
            throw new UnreadableOutput("the output holds no tensors");
        }
        JsonNode tensor = choose(tensors, mapping);
        String datatype = tensor.path("datatype").asText("").toUpperCase(Locale.ROOT);
        boolean floating = datatype.startsWith("FP");
        boolean numeric = floating || datatype.startsWith("INT") || datatype.startsWith("UINT");
        JsonNode shape = tensor.path("shape");
        JsonNode data = tensor.path("data");
        if (!data.isArray()) {
            throw new UnreadableOutput("output '" + tensor.path("name").asText() + "' has no data");
        }
        long rows = shape.size() == 0 ? 1 : shape.get(0).asLong();
        long width = 1;
        for (int dimension = 1; dimension < shape.size(); dimension++) {
            width *= shape.get(dimension).asLong();
        }
        if (rows < 0 || width < 1 || rows * width != data.size()) {
            throw new UnreadableOutput("output '" + tensor.path("name").asText() + "' has shape " + shape + " but "
                    + data.size() + " values");
        }
        List<Prediction> predictions = new ArrayList<>((int) rows);
        for (int row = 0; row < rows; row++) {
            int start = Math.toIntExact(row * width);
            predictions.add(prediction(data, start, (int) width, taskType, mapping, floating, numeric));
        }
        return predictions;
    }

    private static Prediction prediction(
            JsonNode data,
            int start,
            int width,
            TaskType taskType,
            ScoreMapping mapping,
            boolean floating,
            boolean numeric)
            throws UnreadableOutput {
        switch (taskType) {
            case REGRESSION -> {
                if (!numeric) {
                    throw new UnreadableOutput("regression needs a numeric output");
                }
                int column = column(mapping.scoreColumn().orElse(0), width);
                return new Prediction(null, data.get(start + column).asDouble(), null);
            }
            case BINARY_CLASSIFICATION -> {
                if (!floating) {
                    return new Prediction(data.get(start).asText(), Double.NaN, null);
                }
                double[] scores = doubles(data, start, width);
                double score = scores[column(mapping.scoreColumn().orElse(width == 2 ? 1 : 0), width)];
                String positive = mapping.positiveLabel().orElse("1");
                String negative =
                        mapping.positiveLabel().map(label -> "not " + label).orElse("0");
                return new Prediction(score >= mapping.effectiveThreshold() ? positive : negative, score, scores);
            }
            case MULTICLASS_CLASSIFICATION -> {
                if (!floating || width < 2) {
                    return new Prediction(data.get(start).asText(), Double.NaN, null);
                }
                double[] scores = doubles(data, start, width);
                int best = 0;
                for (int column = 1; column < width; column++) {
                    if (scores[column] > scores[best]) {
                        best = column;
                    }
                }
                String label = mapping.classLabels().size() == width
                        ? mapping.classLabels().get(best)
                        : String.valueOf(best);
                return new Prediction(label, scores[best], scores);
            }
        }
        throw new IllegalStateException("unknown task type " + taskType);
    }

    private static JsonNode choose(JsonNode tensors, ScoreMapping mapping) throws UnreadableOutput {
        Optional<String> wanted = mapping.output();
        if (wanted.isPresent()) {
            for (JsonNode tensor : tensors) {
                if (tensor.path("name").asText().equals(wanted.get())) {
                    return tensor;
                }
            }
            throw new UnreadableOutput("the output has no tensor '" + wanted.get() + "'");
        }
        if (tensors.size() == 1) {
            return tensors.get(0);
        }
        for (String preferred : List.of("probabilities", "probability")) {
            for (JsonNode tensor : tensors) {
                if (tensor.path("name").asText().toLowerCase(Locale.ROOT).equals(preferred)) {
                    return tensor;
                }
            }
        }
        for (JsonNode tensor : tensors) {
            if (tensor.path("datatype").asText("").toUpperCase(Locale.ROOT).startsWith("FP")) {
                return tensor;
            }
        }
        return tensors.get(0);
    }

    private static int column(int column, int width) throws UnreadableOutput {
        if (column >= width) {
            throw new UnreadableOutput("score_column " + column + " is outside an output of " + width + " column(s)");
        }
        return column;
    }

    private static double[] doubles(JsonNode data, int start, int width) {
        double[] values = new double[width];
        for (int column = 0; column < width; column++) {
            values[column] = data.get(start + column).asDouble();
        }
        return values;
    }
}

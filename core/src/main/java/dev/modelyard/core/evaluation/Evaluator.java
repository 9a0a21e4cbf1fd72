package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.TableEngine;
import dev.modelyard.core.dataset.TableSchema;
import dev.modelyard.core.evaluation.filter.FilterSyntaxException;
import dev.modelyard.core.evaluation.filter.RowFilter;
import dev.modelyard.core.evaluation.metrics.BinaryClassificationAccumulator;
import dev.modelyard.core.evaluation.metrics.MetricSet;
import dev.modelyard.core.evaluation.metrics.MulticlassClassificationAccumulator;
import dev.modelyard.core.evaluation.metrics.RegressionAccumulator;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.objective.MetricCatalog;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.TaskType;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.InvalidInputException;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelExecutionException;
import dev.modelyard.core.runtime.Tensor;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a model over one dataset version and computes the objective's metrics, for all rows and
 * for each subset, in one pass: the engine hands over batches of the needed columns, each batch
 * becomes one input tensor, and the scores go into streaming accumulators (one per subset).
 * Memory holds one batch plus what the accumulators keep (eight bytes a row for the ranking
 * metrics). Rows whose label is missing are skipped and counted.
 */
public final class Evaluator {
    public static final int BATCH_ROWS = 8192;

    private Evaluator() {}

    /** The metrics of one subset, or of all rows when {@code subset} is empty. */
    public record SubsetResult(Optional<String> subset, long rowCount, MetricSet metrics) {
        public SubsetResult {
            requireNonNull(subset, "subset is null");
            requireNonNull(metrics, "metrics is null");
        }
    }

    /** Everything one evaluation computed; {@code results} starts with all rows. */
    public record Outcome(List<SubsetResult> results, long rowsScored, long rowsWithoutLabel) {
        public Outcome {
            results = List.copyOf(requireNonNull(results, "results is null"));
        }
    }

    /** Told the rows done after each batch; returns false to stop the evaluation. */
    @FunctionalInterface
    public interface Progress {
        boolean rowsDone(long rows);
    }

    /** Thrown out of {@link #evaluate} when {@link Progress} asked to stop. */
    public static final class StoppedException extends RuntimeException {
        StoppedException() {
            super("the evaluation was stopped", null, false, false);
        }
    }

    /**
     * Evaluates. Throws {@link EvaluationFailedException} with a reason for people when the
     * dataset, the objective's settings and the model do not fit together, or the model fails.
     */
    public static Outcome evaluate(
            Objective objective,
            Signature signature,
            DatasetVersion version,
            LoadedModel model,
            TableEngine engine,
            Progress progress) {
        Plan plan = Plan.of(objective, signature, version.schema());
        List<Target> targets = new ArrayList<>();
        targets.add(new Target(Optional.empty(), Optional.empty(), plan.newAccumulator()));
        for (Subset subset : objective.evaluation().subsets()) {
            targets.add(new Target(Optional.of(subset.name()), Optional.of(subset.filter()), plan.newAccumulator()));
        }
        long[] counters = new long[2];
        try {
            engine.scan(version, plan.columns(), BATCH_ROWS, batch -> {
                plan.score(batch, model, targets, counters);
                if (!progress.rowsDone(batch.firstRow() + batch.rowCount())) {
                    throw new StoppedException();
                }
            });
        } catch (IllegalArgumentException e) {
            throw new EvaluationFailedException(e.getMessage(), e);
        }
        List<SubsetResult> results = targets.stream()
                .map(target -> new SubsetResult(
                        target.subset,
                        target.accumulator.rows(),
                        target.accumulator.rows() == 0
                                ? noRows(objective, target.subset)
                                : target.accumulator.result()))
                .toList();
        return new Outcome(results, counters[0], counters[1]);
    }

    /** The metric set of a subset (or a version) without a labelled row: every metric undefined. */
    private static MetricSet noRows(Objective objective, Optional<String> subset) {
        String reason = subset.map(name -> "subset '" + name + "' matches no labelled row")
                .orElse("the dataset version has no labelled row");
        java.util.Map<String, String> undefined = new java.util.LinkedHashMap<>();
        MetricCatalog.metrics(objective.taskType()).keySet().forEach(metric -> undefined.put(metric, reason));
        return new MetricSet(java.util.Map.of(), undefined, java.util.Map.of(), new long[0][]);
    }

    /**
     * Checks that a dataset schema has the label column and that it holds what the task needs;
     * {@link EvaluationFailedException} with the reason otherwise.
     */
    public static void requireLabel(TaskType taskType, ScoreMapping mapping, TableSchema schema, String labelColumn) {
        requireLabelType(taskType, mapping, column(schema, labelColumn, "label column"));
    }

    private record Target(Optional<String> subset, Optional<RowFilter> filter, Accumulator accumulator) {}

    /** What one evaluation reads and how it turns a batch into scores. */
    private record Plan(
            TaskType taskType,
            ScoreMapping mapping,
            String labelColumn,
            List<String> features,
            TensorSpec input,
            DataType inputType,
            String output,
            int outputWidth,
            int scoreColumn,
            Map<String, Integer> classIndex,
            List<String> columns) {

        static Plan of(Objective objective, Signature signature, TableSchema schema) {
            ScoreMapping mapping = objective.evaluation().scoreMapping();
            TaskType taskType = objective.taskType();
            if (objective.labelColumn().isBlank()) {
                throw new EvaluationFailedException("the objective names no label column");
            }
            Column label = column(schema, objective.labelColumn(), "label column");
            requireLabelType(taskType, mapping, label);
            List<String> features =
                    mapping.featureColumns().isEmpty() ? signature.featureNames() : mapping.featureColumns();
            if (features.isEmpty()) {
                throw new EvaluationFailedException("the model does not name its features; list the dataset columns it"
                        + " takes in the objective's score_mapping.feature_columns");
            }
            for (String feature : features) {
                requireFeature(schema, feature);
            }
            if (signature.inputs().size() != 1) {
                throw new EvaluationFailedException(
                        "evaluation feeds the features as one input tensor [rows, features];" + " this model takes "
                                + signature.inputs().size() + " inputs");
            }
            TensorSpec input = signature.inputs().get(0);
            DataType inputType =
                    switch (DataType.fromName(input.datatype()).orElse(DataType.FP32)) {
                        case FP64 -> DataType.FP64;
                        case INT64 -> DataType.INT64;
                        case INT32 -> DataType.INT32;
                        default -> DataType.FP32;
                    };
            if (input.shape().size() == 2
                    && input.shape().get(1) != TensorSpec.VARIABLE_DIMENSION
                    && input.shape().get(1) != features.size()) {
                throw new EvaluationFailedException("the model's input '" + input.name() + "' takes "
                        + input.shape().get(1) + " features but " + features.size() + " are named: " + features);
            }
            TensorSpec output = chooseOutput(signature, mapping);
            int width = output.shape().size() >= 2 && output.shape().get(1) > 0
                    ? Math.toIntExact(output.shape().get(1))
                    : output.shape().size() >= 2 ? -1 : 1;
            int scoreColumn =
                    switch (taskType) {
                        case BINARY_CLASSIFICATION -> mapping.scoreColumn().orElse(width == 2 ? 1 : 0);
                        case REGRESSION -> mapping.scoreColumn().orElse(0);
                        case MULTICLASS_CLASSIFICATION -> 0;
                    };
            if (width > 0 && scoreColumn >= width) {
                throw new EvaluationFailedException("score_column " + scoreColumn + " is outside output '"
                        + output.name() + "', which has " + width + " column(s)");
            }
            Map<String, Integer> classIndex = new HashMap<>();
            if (taskType == TaskType.MULTICLASS_CLASSIFICATION) {
                if (!mapping.classLabels().isEmpty()
                        && width > 0
                        && mapping.classLabels().size() != width) {
                    throw new EvaluationFailedException("score_mapping.class_labels names "
                            + mapping.classLabels().size() + " classes but output '" + output.name() + "' has "
                            + width + " columns");
                }
                for (int i = 0; i < mapping.classLabels().size(); i++) {
                    classIndex.put(mapping.classLabels().get(i), i);
                }
            }
            Set<String> columns = new LinkedHashSet<>(features);
            columns.add(label.name());
            for (Subset subset : objective.evaluation().subsets()) {
                try {
                    subset.filter().validate(schema);
                } catch (FilterSyntaxException e) {
                    throw new EvaluationFailedException("subset '" + subset.name() + "': " + e.getMessage(), e);
                }
                columns.addAll(subset.filter().columns());
            }
            return new Plan(
                    taskType,
                    mapping,
                    label.name(),
                    List.copyOf(features),
                    input,
                    inputType,
                    output.name(),
                    width,
                    scoreColumn,
                    classIndex,
                    List.copyOf(columns));
        }

        Accumulator newAccumulator() {
            return switch (taskType) {
                case BINARY_CLASSIFICATION -> new BinaryTarget(mapping.effectiveThreshold());
                case MULTICLASS_CLASSIFICATION -> new MulticlassTarget();
                case REGRESSION -> new RegressionTarget();
            };
        }

        void score(ColumnBatch batch, LoadedModel model, List<Target> targets, long[] counters) {
            int rows = batch.rowCount();
            if (rows == 0) {
                return;
            }
            ColumnBatch.Vector labelVector = batch.vector(labelColumn);
            boolean[] labelled = new boolean[rows];
            int labelledRows = 0;
            for (int row = 0; row < rows; row++) {
                labelled[row] = !labelVector.isNull(row);
                if (labelled[row]) {
                    labelledRows++;
                }
            }
            counters[1] += rows - labelledRows;
            Tensor scores = predict(batch, model);
            counters[0] += rows;
            int width = Math.toIntExact(scores.elementCount() / rows);
            double[] values = doubles(scores);
            Scored scored = labels(batch.firstRow(), labelVector, labelled, values, width);
            for (Target target : targets) {
                boolean[] selected = labelled;
                if (target.filter.isPresent()) {
                    boolean[] matches = target.filter.get().matches(batch);
                    selected = new boolean[rows];
                    for (int row = 0; row < rows; row++) {
                        selected[row] = matches[row] && labelled[row];
                    }
                }
                target.accumulator.add(scored, selected, batch.firstRow());
            }
        }

        private Tensor predict(ColumnBatch batch, LoadedModel model) {
            int rows = batch.rowCount();
            int width = features.size();
            Object values =
                    switch (inputType) {
                        case FP64 -> new double[rows * width];
                        case INT64 -> new long[rows * width];
                        case INT32 -> new int[rows * width];
                        default -> new float[rows * width];
                    };
            for (int column = 0; column < width; column++) {
                ColumnBatch.Vector vector = batch.vector(features.get(column));
                for (int row = 0; row < rows; row++) {
                    double value = featureValue(vector, row);
                    int index = row * width + column;
                    switch (inputType) {
                        case FP64 -> ((double[]) values)[index] = value;
                        case INT64 -> ((long[]) values)[index] = (long) value;
                        case INT32 -> ((int[]) values)[index] = (int) value;
                        default -> ((float[]) values)[index] = (float) value;
                    }
                }
            }
            Tensor tensor = new Tensor(input.name(), inputType, new long[] {rows, width}, values);
            List<Tensor> outputs;
            try {
                outputs = model.predict(List.of(tensor), Set.of(output));
            } catch (InvalidInputException | ModelExecutionException e) {
                throw new EvaluationFailedException(
                        "the model failed on rows " + (batch.firstRow() + 1) + " to " + (batch.firstRow() + rows) + ": "
                                + e.getMessage(),
                        e);
            }
            Tensor result = outputs.stream()
                    .filter(one -> one.name().equals(output))
                    .findFirst()
                    .orElseThrow(() -> new EvaluationFailedException("the model returned no output '" + output + "'"));
            if (result.elementCount() == 0 || result.elementCount() % rows != 0) {
                throw new EvaluationFailedException(
                        "output '" + output + "' holds " + result.elementCount() + " values for " + rows + " rows");
            }
            return result;
        }

        private Scored labels(
                long firstRow, ColumnBatch.Vector labels, boolean[] labelled, double[] values, int width) {
            int rows = labelled.length;
            switch (taskType) {
                case BINARY_CLASSIFICATION -> {
                    if (scoreColumn >= width) {
                        throw new EvaluationFailedException("score_column " + scoreColumn + " is outside output '"
                                + output + "', which has " + width + " column(s)");
                    }
                    int[] classes = new int[rows];
                    double[] scores = new double[rows];
                    for (int row = 0; row < rows; row++) {
                        scores[row] = values[row * width + scoreColumn];
                        if (labelled[row]) {
                            classes[row] = binaryLabel(labels, row, firstRow);
                            requireFinite(scores[row], firstRow + row);
                        }
                    }
                    return new Scored(classes, scores, null, 1);
                }
                case MULTICLASS_CLASSIFICATION -> {
                    if (width < 2) {
                        throw new EvaluationFailedException("output '" + output + "' has " + width
                                + " column; multiclass evaluation needs one probability column per class");
                    }
                    if (!classIndex.isEmpty() && classIndex.size() != width) {
                        throw new EvaluationFailedException("score_mapping.class_labels names " + classIndex.size()
                                + " classes but output '" + output + "' has " + width + " columns");
                    }
                    int[] classes = new int[rows];
                    for (int row = 0; row < rows; row++) {
                        if (labelled[row]) {
                            classes[row] = classLabel(labels, row, firstRow, width);
                            for (int column = 0; column < width; column++) {
                                requireFinite(values[row * width + column], firstRow + row);
                            }
                        }
                    }
                    return new Scored(classes, values, null, width);
                }
                case REGRESSION -> {
                    if (scoreColumn >= width) {
                        throw new EvaluationFailedException("score_column " + scoreColumn + " is outside output '"
                                + output + "', which has " + width + " column(s)");
                    }
                    double[] predicted = new double[rows];
                    double[] actual = new double[rows];
                    ColumnBatch.DoubleVector numbers = (ColumnBatch.DoubleVector) labels;
                    for (int row = 0; row < rows; row++) {
                        predicted[row] = values[row * width + scoreColumn];
                        if (labelled[row]) {
                            actual[row] = numbers.values()[row];
                            requireFinite(predicted[row], firstRow + row);
                        }
                    }
                    return new Scored(null, predicted, actual, 1);
                }
            }
            throw new IllegalStateException("unknown task type " + taskType);
        }

        private int binaryLabel(ColumnBatch.Vector labels, int row, long firstRow) {
            if (mapping.positiveLabel().isPresent()) {
                return labelText(labels, row).equals(mapping.positiveLabel().get()) ? 1 : 0;
            }
            if (labels instanceof ColumnBatch.BooleanVector booleans) {
                return booleans.values()[row] ? 1 : 0;
            }
            if (labels instanceof ColumnBatch.DoubleVector numbers) {
                double value = numbers.values()[row];
                if (value == 0.0 || value == 1.0) {
                    return (int) value;
                }
            }
            throw new EvaluationFailedException("label '" + labelText(labels, row) + "' in row " + (firstRow + row + 1)
                    + " is not 0 or 1; name the positive class in score_mapping.positive_label");
        }

        private int classLabel(ColumnBatch.Vector labels, int row, long firstRow, int width) {
            if (!classIndex.isEmpty()) {
                Integer index = classIndex.get(labelText(labels, row));
                if (index == null) {
                    throw new EvaluationFailedException("label '" + labelText(labels, row) + "' in row "
                            + (firstRow + row + 1) + " is not one of score_mapping.class_labels "
                            + mapping.classLabels());
                }
                return index;
            }
            if (labels instanceof ColumnBatch.DoubleVector numbers) {
                double value = numbers.values()[row];
                if (value >= 0 && value < width && value == Math.rint(value)) {
                    return (int) value;
                }
            }
            throw new EvaluationFailedException("label '" + labelText(labels, row) + "' in row " + (firstRow + row + 1)
                    + " is not a class index 0.." + (width - 1) + "; list the class of each output column in"
                    + " score_mapping.class_labels");
        }
    }

    /** A batch's labels and scores, whole, before the subsets pick their rows. */
    private record Scored(int[] classes, double[] scores, double[] actual, int width) {}

    private interface Accumulator {
        void add(Scored scored, boolean[] selected, long firstRow);

        long rows();

        MetricSet result();
    }

    private static final class BinaryTarget implements Accumulator {
        private final BinaryClassificationAccumulator metrics;

        BinaryTarget(double threshold) {
            this.metrics = new BinaryClassificationAccumulator(threshold);
        }

        @Override
        public void add(Scored scored, boolean[] selected, long firstRow) {
            int count = count(selected);
            metrics.add(kept(scored.classes(), selected, count), kept(scored.scores(), selected, count));
        }

        @Override
        public long rows() {
            return metrics.rows();
        }

        @Override
        public MetricSet result() {
            return metrics.result();
        }
    }

    private static final class MulticlassTarget implements Accumulator {
        private MulticlassClassificationAccumulator metrics;

        @Override
        public void add(Scored scored, boolean[] selected, long firstRow) {
            int width = scored.width();
            if (metrics == null) {
                metrics = new MulticlassClassificationAccumulator(width);
            }
            int count = count(selected);
            int[] labels = new int[count];
            double[] probabilities = new double[count * width];
            int next = 0;
            for (int row = 0; row < selected.length; row++) {
                if (selected[row]) {
                    labels[next] = scored.classes()[row];
                    System.arraycopy(scored.scores(), row * width, probabilities, next * width, width);
                    next++;
                }
            }
            metrics.add(labels, probabilities);
        }

        @Override
        public long rows() {
            return metrics == null ? 0 : metrics.rows();
        }

        @Override
        public MetricSet result() {
            return metrics == null ? new MulticlassClassificationAccumulator(2).result() : metrics.result();
        }
    }

    private static final class RegressionTarget implements Accumulator {
        private final RegressionAccumulator metrics = new RegressionAccumulator();

        @Override
        public void add(Scored scored, boolean[] selected, long firstRow) {
            int count = count(selected);
            metrics.add(kept(scored.actual(), selected, count), kept(scored.scores(), selected, count));
        }

        @Override
        public long rows() {
            return metrics.rows();
        }

        @Override
        public MetricSet result() {
            return metrics.result();
        }
    }

    /** The selected values, in order. */
    private static double[] kept(double[] values, boolean[] selected, int count) {
        double[] kept = new double[count];
        int next = 0;
        for (int row = 0; row < selected.length; row++) {
            if (selected[row]) {
                kept[next++] = values[row];
            }
        }
        return kept;
    }

    private static int[] kept(int[] values, boolean[] selected, int count) {
        int[] kept = new int[count];
        int next = 0;
        for (int row = 0; row < selected.length; row++) {
            if (selected[row]) {
                kept[next++] = values[row];
            }
        }
        return kept;
    }

    private static int count(boolean[] selected) {
        int count = 0;
        for (boolean one : selected) {
            if (one) {
                count++;
            }
        }
        return count;
    }

    private static TensorSpec chooseOutput(Signature signature, ScoreMapping mapping) {
        if (mapping.output().isPresent()) {
            return signature.outputs().stream()
                    .filter(output -> output.name().equals(mapping.output().get()))
                    .findFirst()
                    .orElseThrow(() -> new EvaluationFailedException("the model has no output '"
                            + mapping.output().get() + "'; it has "
                            + signature.outputs().stream().map(TensorSpec::name).toList()));
        }
        List<TensorSpec> outputs = signature.outputs();
        if (outputs.isEmpty()) {
            throw new EvaluationFailedException("the model's signature declares no outputs");
        }
        if (outputs.size() == 1) {
            return outputs.get(0);
        }
        for (String preferred : List.of("probabilities", "probability")) {
            for (TensorSpec output : outputs) {
                if (output.name().toLowerCase(Locale.ROOT).equals(preferred)) {
                    return output;
                }
            }
        }
        return outputs.stream()
                .filter(output ->
                        output.datatype().equals("FP32") || output.datatype().equals("FP64"))
                .findFirst()
                .orElseThrow(() -> new EvaluationFailedException(
                        "the model has no floating-point output to score;" + " name one in score_mapping.output"));
    }

    private static double[] doubles(Tensor tensor) {
        Object values = tensor.values();
        if (values instanceof double[] doubles) {
            return doubles;
        }
        int length = Array.getLength(values);
        double[] copy = new double[length];
        if (values instanceof float[] floats) {
            for (int i = 0; i < length; i++) {
                copy[i] = floats[i];
            }
            return copy;
        }
        if (values instanceof byte[][]) {
            throw new EvaluationFailedException(
                    "output '" + tensor.name() + "' holds text; name a numeric output in" + " score_mapping.output");
        }
        for (int i = 0; i < length; i++) {
            copy[i] = ((Number) Array.get(values, i)).doubleValue();
        }
        return copy;
    }

    private static double featureValue(ColumnBatch.Vector vector, int row) {
        if (vector instanceof ColumnBatch.DoubleVector numbers) {
            return numbers.values()[row];
        }
        if (vector instanceof ColumnBatch.BooleanVector booleans) {
            return booleans.isNull(row) ? Double.NaN : booleans.values()[row] ? 1.0 : 0.0;
        }
        throw new EvaluationFailedException("feature column '" + vector.column().name() + "' is "
                + vector.column().type().id() + "; features must be numbers or booleans");
    }

    private static void requireFinite(double score, long row) {
        if (!Double.isFinite(score)) {
            throw new EvaluationFailedException("the model gave the non-finite score " + score + " for row " + (row + 1)
                    + " (a missing feature value?)");
        }
    }

    private static String labelText(ColumnBatch.Vector labels, int row) {
        if (labels instanceof ColumnBatch.DoubleVector numbers) {
            double value = numbers.values()[row];
            return value == Math.rint(value) && Math.abs(value) < 1e15
                    ? Long.toString((long) value)
                    : Double.toString(value);
        }
        if (labels instanceof ColumnBatch.BooleanVector booleans) {
            return Boolean.toString(booleans.values()[row]);
        }
        return ((ColumnBatch.StringVector) labels).values()[row];
    }

    private static Column column(TableSchema schema, String name, String role) {
        return schema.columns().stream()
                .filter(column -> column.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new EvaluationFailedException(
                        "the dataset has no " + role + " '" + name + "'; its columns are " + schema.names()));
    }

    private static void requireFeature(TableSchema schema, String name) {
        Column feature = column(schema, name, "feature column");
        if (!feature.type().numeric() && feature.type() != ColumnType.BOOLEAN) {
            throw new EvaluationFailedException("feature column '" + name + "' is "
                    + feature.type().id() + "; features must be numbers or booleans");
        }
    }

    private static void requireLabelType(TaskType taskType, ScoreMapping mapping, Column label) {
        boolean fits =
                switch (taskType) {
                    case REGRESSION -> label.type().numeric();
                    case BINARY_CLASSIFICATION ->
                        mapping.positiveLabel().isPresent()
                                || label.type().numeric()
                                || label.type() == ColumnType.BOOLEAN;
                    case MULTICLASS_CLASSIFICATION ->
                        !mapping.classLabels().isEmpty() || label.type().numeric();
                };
        if (!fits) {
            throw new EvaluationFailedException(
                    "label column '" + label.name() + "' is " + label.type().id()
                            + switch (taskType) {
                                case REGRESSION -> "; regression needs a numeric label";
                                case BINARY_CLASSIFICATION ->
                                    "; name the positive class in score_mapping.positive_label, or use 0/1 or true/false";
                                case MULTICLASS_CLASSIFICATION ->
                                    "; list the class of each output column in score_mapping.class_labels";
                            });
        }
    }
}

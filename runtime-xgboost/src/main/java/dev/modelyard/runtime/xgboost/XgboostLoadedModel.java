package dev.modelyard.runtime.xgboost;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.modelpackage.InspectedModel;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.InvalidInputException;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelExecutionException;
import dev.modelyard.core.runtime.ModelLoadException;
import dev.modelyard.core.runtime.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An XGBoost booster ready to predict on dense rows (missing values are NaN).
 *
 * <p>Threading: tree boosters ({@code gbtree}, {@code dart}) predict with {@link Booster#inplace_predict}, which
 * XGBoost (since 1.4) documents as lock-free and thread-safe, straight from the request's float array without a
 * {@link DMatrix}; concurrent calls run in parallel. {@code gblinear} has no in-place prediction, so it goes through a
 * DMatrix and {@link Booster#predict(DMatrix)}, which XGBoost4J declares {@code synchronized}: calls on one such model
 * run one at a time. Parameters are only set while loading, never during predictions.
 */
public final class XgboostLoadedModel implements LoadedModel {

    private static final String STACK_TRACE_MARKER = "Stack trace:";
    private static final String LINEAR_BOOSTER = "gblinear";

    private final Booster booster;
    private final Signature signature;
    private final String inputName;
    private final int featureCount;
    private final String outputName;
    private final int outputWidth;
    private final boolean outputIsMatrix;
    private final boolean inplacePrediction;
    private final AtomicBoolean closed = new AtomicBoolean();

    private XgboostLoadedModel(Booster booster, Signature signature, boolean inplacePrediction) {
        this.booster = booster;
        this.signature = signature;
        this.inplacePrediction = inplacePrediction;
        TensorSpec input = signature.inputs().get(0);
        this.inputName = input.name();
        this.featureCount = Math.toIntExact(input.shape().get(1));
        TensorSpec output = signature.outputs().get(0);
        this.outputName = output.name();
        this.outputIsMatrix = output.shape().size() == 2;
        this.outputWidth = outputIsMatrix ? Math.toIntExact(output.shape().get(1)) : 1;
    }

    /**
     * Wraps a loaded booster after checking it against the signature read from its file; the caller disposes the
     * booster if this throws.
     */
    static XgboostLoadedModel create(Booster booster, InspectedModel inspected) throws XGBoostError {
        requireNonNull(booster, "booster is null");
        requireNonNull(inspected, "inspected is null");
        Signature signature = inspected.signature();
        if (signature.inputs().size() != 1
                || signature.inputs().get(0).shape().size() != 2
                || signature.outputs().size() != 1) {
            throw new ModelLoadException("unexpected XGBoost signature " + signature);
        }
        String boosterName = inspected.properties().getOrDefault("booster", "gbtree");
        XgboostLoadedModel model = new XgboostLoadedModel(booster, signature, !LINEAR_BOOSTER.equals(boosterName));
        long boosterFeatures = booster.getNumFeature();
        if (boosterFeatures != model.featureCount) {
            throw new ModelLoadException("the XGBoost booster has " + boosterFeatures
                    + " features but its file declares num_feature " + model.featureCount);
        }
        model.warmUp();
        return model;
    }

    /** Predicts one row of missing values: configures the booster before any concurrent use, checks the width. */
    private void warmUp() throws XGBoostError {
        float[] missingRow = new float[featureCount];
        Arrays.fill(missingRow, Float.NaN);
        float[][] prediction = rawPredict(missingRow, 1);
        int width = prediction.length == 1 ? prediction[0].length : -1;
        if (width != outputWidth) {
            throw new ModelLoadException("the XGBoost booster predicts " + width + " values per row but its output '"
                    + outputName + "' has " + outputWidth);
        }
    }

    @Override
    public Signature signature() {
        return signature;
    }

    /**
     * Predicts a batch of rows: one FP32 (or FP64, narrowed to float) tensor named as the signature's input, of shape
     * [rows, num_feature], NaN marking missing values.
     *
     * @throws InvalidInputException for another input name, count, type or shape, or an unknown output
     * @throws ModelExecutionException when XGBoost fails or the model is closed
     */
    @Override
    public List<Tensor> predict(List<Tensor> inputs, Set<String> outputs) {
        requireNonNull(inputs, "inputs is null");
        requireNonNull(outputs, "outputs is null");
        if (closed.get()) {
            throw new ModelExecutionException("the model is closed");
        }
        Tensor input = singleInput(inputs);
        for (String output : outputs) {
            if (!output.equals(outputName)) {
                throw new InvalidInputException(
                        "the model has no output '" + output + "'; its output is '" + outputName + "'");
            }
        }
        int rows = Math.toIntExact(input.shape()[0]);
        float[] features = features(input);
        long[] outputShape = outputIsMatrix ? new long[] {rows, outputWidth} : new long[] {rows};
        if (rows == 0) {
            return List.of(Tensor.ofFloats(outputName, outputShape, new float[0]));
        }
        float[][] prediction;
        try {
            prediction = rawPredict(features, rows);
        } catch (XGBoostError failure) {
            throw new ModelExecutionException(messageOf(failure), failure);
        }
        return List.of(Tensor.ofFloats(outputName, outputShape, flatten(prediction, rows)));
    }

    private Tensor singleInput(List<Tensor> inputs) {
        String expected = "'" + inputName + "' FP32 [-1, " + featureCount + "]";
        if (inputs.size() != 1) {
            throw new InvalidInputException(
                    "the model takes one input " + expected + ", not " + inputs.size() + " inputs");
        }
        Tensor input = requireNonNull(inputs.get(0), "the input tensor is null");
        if (!input.name().equals(inputName)) {
            throw new InvalidInputException(
                    "the model has no input '" + input.name() + "'; its only input is " + expected);
        }
        long[] shape = input.shape();
        if (shape.length != 2 || shape[1] != featureCount) {
            throw new InvalidInputException("input '" + inputName + "' has shape " + Arrays.toString(shape)
                    + " but the model needs [-1, " + featureCount + "]: one row of " + featureCount
                    + " features per prediction");
        }
        return input;
    }

    private float[] features(Tensor input) {
        return switch (input.datatype()) {
            case FP32 -> input.floats();
            case FP64 -> {
                double[] doubles = (double[]) input.values();
                float[] floats = new float[doubles.length];
                for (int index = 0; index < doubles.length; index++) {
                    floats[index] = (float) doubles[index];
                }
                yield floats;
            }
            default ->
                throw new InvalidInputException("input '" + inputName + "' is " + input.datatype()
                        + " but the model needs FP32 (FP64 is accepted too and converted to FP32)");
        };
    }

    private float[][] rawPredict(float[] features, int rows) throws XGBoostError {
        if (inplacePrediction) {
            return booster.inplace_predict(features, rows, featureCount, Float.NaN);
        }
        DMatrix matrix = new DMatrix(features, rows, featureCount, Float.NaN);
        try {
            return booster.predict(matrix);
        } finally {
            matrix.dispose();
        }
    }

    private float[] flatten(float[][] prediction, int rows) {
        if (prediction.length != rows) {
            throw new ModelExecutionException(
                    "XGBoost returned " + prediction.length + " predictions for " + rows + " rows");
        }
        float[] values = new float[rows * outputWidth];
        for (int row = 0; row < rows; row++) {
            float[] rowValues = prediction[row];
            if (rowValues.length != outputWidth) {
                throw new ModelExecutionException("XGBoost returned " + rowValues.length + " values for row " + row
                        + " but output '" + outputName + "' has " + outputWidth);
            }
            System.arraycopy(rowValues, 0, values, row * outputWidth, outputWidth);
        }
        return values;
    }

    /** Frees the native booster; later predictions fail. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            booster.dispose();
        }
    }

    /** XGBoost's own message without the native stack trace it appends. */
    static String messageOf(XGBoostError error) {
        String message = String.valueOf(error.getMessage());
        int stackTrace = message.indexOf(STACK_TRACE_MARKER);
        return (stackTrace >= 0 ? message.substring(0, stackTrace) : message).strip();
    }

    /** Whether predictions run lock-free through in-place prediction (tree boosters) rather than a DMatrix. */
    boolean usesInplacePrediction() {
        return inplacePrediction;
    }
}

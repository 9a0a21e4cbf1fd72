package dev.modelyard.runtime.onnx;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.InvalidInputException;
import dev.modelyard.core.runtime.Tensor;
import java.util.Arrays;

/**
 * One input of a loaded ONNX model, as the session declares it, with the checks a request's tensor must pass.
 *
 * @param name the input's name
 * @param datatype its element type
 * @param shape its dimensions, -1 for a variable one; empty when the model declares a scalar or no shape at all (ONNX
 *     Runtime reports both alike), in which case the shape is left to ONNX Runtime to check
 */
record ModelInput(String name, DataType datatype, long[] shape) {

    ModelInput {
        requireNonNull(name, "name is null");
        requireNonNull(datatype, "datatype is null");
        shape = requireNonNull(shape, "shape is null").clone();
    }

    /**
     * Checks a request's tensor against this input: the element type (FP64 is accepted for an FP32 input and
     * converted) and, when the model declares a shape, the rank and every fixed dimension.
     *
     * @throws InvalidInputException naming the input and what does not fit
     */
    void check(Tensor tensor) {
        if (!accepts(tensor.datatype())) {
            throw new InvalidInputException("input '" + name + "' is " + tensor.datatype() + " but the model needs "
                    + datatype + (datatype == DataType.FP32 ? " (FP64 is accepted too and converted to FP32)" : ""));
        }
        if (shape.length == 0) {
            return;
        }
        long[] given = tensor.shape();
        if (given.length != shape.length) {
            throw new InvalidInputException("input '" + name + "' has shape " + Arrays.toString(given)
                    + " but the model needs " + shape.length + " dimensions: " + Arrays.toString(shape));
        }
        for (int index = 0; index < shape.length; index++) {
            if (shape[index] >= 0 && given[index] != shape[index]) {
                throw new InvalidInputException("input '" + name + "' has shape " + Arrays.toString(given)
                        + " but the model needs " + Arrays.toString(shape) + ": dimension " + index + " must be "
                        + shape[index] + ", not " + given[index]);
            }
        }
    }

    private boolean accepts(DataType given) {
        return given == datatype || (datatype == DataType.FP32 && given == DataType.FP64);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelInput input
                && name.equals(input.name)
                && datatype == input.datatype
                && Arrays.equals(shape, input.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + datatype.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + datatype + " " + Arrays.toString(shape);
    }
}

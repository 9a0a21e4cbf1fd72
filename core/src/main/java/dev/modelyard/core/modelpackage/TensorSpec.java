package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One named input or output tensor of a model.
 *
 * @param name the tensor name, as the model (or its serving runtime) knows it
 * @param datatype an Open Inference Protocol datatype name, see {@link #DATATYPES}
 * @param shape the dimensions, {@code -1} marking a variable dimension (usually the batch); an empty list is a
 *     scalar or, for ONNX tensors declared without any shape, a tensor of unknown rank
 */
public record TensorSpec(String name, String datatype, List<Long> shape) {

    /** The Open Inference Protocol datatype names Modelyard accepts. */
    public static final List<String> DATATYPES = List.of(
            "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "BF16", "FP32",
            "FP64", "BYTES");

    /** The variable dimension marker. */
    public static final long VARIABLE_DIMENSION = -1;

    public TensorSpec {
        requireNonNull(name, "name is null");
        requireNonNull(datatype, "datatype is null");
        shape = List.copyOf(requireNonNull(shape, "shape is null"));
        if (name.isBlank()) {
            throw new IllegalArgumentException("tensor name is blank");
        }
        if (!DATATYPES.contains(datatype)) {
            throw new IllegalArgumentException("unknown datatype " + datatype + ", expected one of " + DATATYPES);
        }
        for (long dimension : shape) {
            if (dimension < VARIABLE_DIMENSION) {
                throw new IllegalArgumentException("dimension " + dimension + " of tensor " + name + " is negative");
            }
        }
    }

    /** Whether another shape can describe the same tensor: same rank, and equal dimensions unless one is -1. */
    boolean shapeCompatibleWith(List<Long> otherShape) {
        if (otherShape.size() != shape.size()) {
            return false;
        }
        for (int index = 0; index < shape.size(); index++) {
            long mine = shape.get(index);
            long theirs = otherShape.get(index);
            if (mine != theirs && mine != VARIABLE_DIMENSION && theirs != VARIABLE_DIMENSION) {
                return false;
            }
        }
        return true;
    }
}

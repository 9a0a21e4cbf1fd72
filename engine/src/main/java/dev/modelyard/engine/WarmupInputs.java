package dev.modelyard.engine;

import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.Tensor;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The warm-up request for a signature: zeros of each input's type and shape, with a batch of one.
 * Empty when no such request can be built honestly: no inputs, an unknown rank, a variable
 * dimension other than the first, a type held only as raw bytes, or an absurd size.
 */
final class WarmupInputs {
    private static final long MAX_ELEMENTS = 1 << 24;

    private WarmupInputs() {}

    static Optional<List<Tensor>> forSignature(Signature signature) {
        if (signature.inputs().isEmpty()) {
            return Optional.empty();
        }
        List<Tensor> inputs = new ArrayList<>(signature.inputs().size());
        for (TensorSpec spec : signature.inputs()) {
            Optional<Tensor> input = zeros(spec);
            if (input.isEmpty()) {
                return Optional.empty();
            }
            inputs.add(input.get());
        }
        return Optional.of(inputs);
    }

    private static Optional<Tensor> zeros(TensorSpec spec) {
        Optional<DataType> type = DataType.fromName(spec.datatype());
        Optional<Class<?>> arrayClass = type.flatMap(DataType::arrayClass);
        if (arrayClass.isEmpty() || spec.shape().isEmpty()) {
            return Optional.empty();
        }
        long[] shape = new long[spec.shape().size()];
        for (int index = 0; index < shape.length; index++) {
            long dimension = spec.shape().get(index);
            if (dimension == TensorSpec.VARIABLE_DIMENSION) {
                if (index > 0) {
                    return Optional.empty();
                }
                dimension = 1;
            }
            shape[index] = dimension;
        }
        long elements = Arrays.stream(shape).reduce(1, (left, right) -> left * right);
        if (elements > MAX_ELEMENTS) {
            return Optional.empty();
        }
        Object values = Array.newInstance(arrayClass.get().getComponentType(), (int) elements);
        if (values instanceof byte[][] strings) {
            Arrays.fill(strings, new byte[0]);
        }
        return Optional.of(new Tensor(spec.name(), type.get(), shape, values));
    }
}

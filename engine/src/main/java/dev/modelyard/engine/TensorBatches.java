package dev.modelyard.engine;

import dev.modelyard.core.runtime.Tensor;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Concatenates requests' tensors along dimension 0 and splits a batch's outputs back. */
final class TensorBatches {
    private TensorBatches() {}

    /** The rows (dimension 0) a request contributes to a batch, or -1 when it cannot be batched. */
    static long rows(List<Tensor> inputs) {
        if (inputs.isEmpty()) {
            return -1;
        }
        long rows = -1;
        for (Tensor input : inputs) {
            if (input.shape().length == 0) {
                return -1;
            }
            long inputRows = input.shape()[0];
            if (rows >= 0 && inputRows != rows) {
                return -1;
            }
            rows = inputRows;
        }
        return rows;
    }

    /** Whether two requests' inputs differ only in their batch dimension. */
    static boolean compatible(List<Tensor> first, List<Tensor> second) {
        if (first.size() != second.size()) {
            return false;
        }
        for (int index = 0; index < first.size(); index++) {
            Tensor left = first.get(index);
            Tensor right = second.get(index);
            if (!left.name().equals(right.name())
                    || left.datatype() != right.datatype()
                    || left.shape().length != right.shape().length
                    || !Arrays.equals(left.shape(), 1, left.shape().length, right.shape(), 1, right.shape().length)) {
                return false;
            }
        }
        return true;
    }

    /** One request's worth of inputs holding every request's rows, in order. */
    static List<Tensor> concat(List<List<Tensor>> requests) {
        List<Tensor> first = requests.get(0);
        List<Tensor> merged = new ArrayList<>(first.size());
        for (int index = 0; index < first.size(); index++) {
            Tensor template = first.get(index);
            long rows = 0;
            int elements = 0;
            for (List<Tensor> request : requests) {
                Tensor tensor = request.get(index);
                rows += tensor.shape()[0];
                elements += tensor.elementCount();
            }
            Object values = Array.newInstance(template.values().getClass().getComponentType(), elements);
            int offset = 0;
            for (List<Tensor> request : requests) {
                Tensor tensor = request.get(index);
                System.arraycopy(tensor.values(), 0, values, offset, tensor.elementCount());
                offset += tensor.elementCount();
            }
            long[] shape = template.shape().clone();
            shape[0] = rows;
            merged.add(new Tensor(template.name(), template.datatype(), shape, values));
        }
        return merged;
    }

    /**
     * Splits a batch's outputs into each request's rows; empty when an output does not carry the
     * batch's rows along dimension 0 (the model does not batch that way).
     */
    static Optional<List<List<Tensor>>> split(List<Tensor> outputs, long[] rowsPerRequest) {
        long totalRows = Arrays.stream(rowsPerRequest).sum();
        List<List<Tensor>> perRequest = new ArrayList<>(rowsPerRequest.length);
        for (int request = 0; request < rowsPerRequest.length; request++) {
            perRequest.add(new ArrayList<>(outputs.size()));
        }
        for (Tensor output : outputs) {
            if (output.shape().length == 0 || output.shape()[0] != totalRows) {
                return Optional.empty();
            }
            int rowElements = totalRows == 0 ? 0 : (int) (output.elementCount() / totalRows);
            Class<?> component = output.values().getClass().getComponentType();
            int offset = 0;
            for (int request = 0; request < rowsPerRequest.length; request++) {
                int length = Math.toIntExact(rowsPerRequest[request] * rowElements);
                Object values = Array.newInstance(component, length);
                System.arraycopy(output.values(), offset, values, 0, length);
                offset += length;
                long[] shape = output.shape().clone();
                shape[0] = rowsPerRequest[request];
                perRequest.get(request).add(new Tensor(output.name(), output.datatype(), shape, values));
            }
        }
        return Optional.of(perRequest);
    }
}

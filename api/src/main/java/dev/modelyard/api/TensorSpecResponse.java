package dev.modelyard.api;

import java.util.List;

/** One tensor of a signature, in Open Inference Protocol terms; -1 marks a variable dimension. */
public record TensorSpecResponse(String name, String datatype, List<Long> shape) {}

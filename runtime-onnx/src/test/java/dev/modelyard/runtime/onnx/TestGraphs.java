package dev.modelyard.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/** ONNX graphs built in Java, with Tribuo's ONNX helpers and the ONNX protobuf classes they ship. */
final class TestGraphs {

    /** The weights of {@link #writeAffine}: 3 inputs, 2 outputs, row-major [3, 2]. */
    static final float[] AFFINE_WEIGHTS = {1f, 2f, 3f, 4f, 5f, 6f};

    static final float[] AFFINE_BIAS = {0.5f, -1f};

    private TestGraphs() {}

    /**
     * {@code output = input · W + b} with a Gemm node, built with Tribuo's {@link ONNXContext}: input {@code input}
     * FP32 [-1, 3], output {@code output} FP32 [-1, 2].
     */
    static Path writeAffine(Path directory) throws IOException {
        ONNXContext context = new ONNXContext();
        context.setName("affine");
        ONNXPlaceholder input = context.floatInput("input", 3);
        ONNXPlaceholder output = context.floatOutput("output", 2);
        ONNXInitializer weights = context.floatTensor("weights", List.of(3, 2), buffer -> buffer.put(AFFINE_WEIGHTS));
        ONNXInitializer bias = context.array("bias", AFFINE_BIAS);
        input.apply(ONNXOperators.GEMM, List.<ONNXRef<?>>of(weights, bias)).assignTo(output);
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("modelyard-tests")
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setGraph(context.buildGraph())
                .build();
        return write(directory.resolve("affine.onnx"), model);
    }

    /** One Identity node from {@code input} to {@code output}, both of the element type and shape [batch, 2]. */
    static Path writeIdentity(Path directory, DataType elementType) throws IOException {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("identity")
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Identity")
                        .setName("identity")
                        .addInput("input")
                        .addOutput("output"))
                .addInput(valueInfo("input", elementType, 2))
                .addOutput(valueInfo("output", elementType, 2))
                .build();
        return write(directory.resolve("identity_" + elementType + ".onnx"), model(graph));
    }

    /** {@code sum = a + b} for two INT64 inputs of shape [batch, 2]. */
    static Path writeTwoInputAdd(Path directory) throws IOException {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("add")
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Add")
                        .setName("add")
                        .addInput("a")
                        .addInput("b")
                        .addOutput("sum"))
                .addInput(valueInfo("a", DataType.INT64, 2))
                .addInput(valueInfo("b", DataType.INT64, 2))
                .addOutput(valueInfo("sum", DataType.INT64, 2))
                .build();
        return write(directory.resolve("add.onnx"), model(graph));
    }

    private static OnnxMl.ModelProto model(OnnxMl.GraphProto graph) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("modelyard-tests")
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, DataType elementType, long width) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(elementType.getNumber())
                                .setShape(shape)))
                .build();
    }

    private static Path write(Path file, OnnxMl.ModelProto model) throws IOException {
        Files.write(file, model.toByteArray());
        return file;
    }
}

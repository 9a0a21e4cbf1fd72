package dev.modelyard.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny ONNX binary classifier written field by field (the ONNX protobuf schema, opset 13), so the benchmark needs
 * neither Python nor the ONNX classes: {@code probability = Sigmoid(Gemm(input, weights, bias))} with input FP32
 * {@code [N, features]} and output {@code probability} FP32 {@code [N, 1]}. The feature names go into the model's
 * metadata ({@code feature_names}), where Modelyard reads them.
 */
final class LogisticOnnx {
    private static final int FLOAT = 1;

    private LogisticOnnx() {}

    static Path write(Path file, List<String> featureNames, float[] weights, float bias) throws IOException {
        if (weights.length != featureNames.size()) {
            throw new IllegalArgumentException("one weight per feature");
        }
        int features = weights.length;
        Message graph = new Message()
                .message(1, node("gemm", "Gemm", List.of("input", "weights", "bias"), "logit"))
                .message(1, node("sigmoid", "Sigmoid", List.of("logit"), "probability"))
                .string(2, "logistic")
                .message(5, floatTensor("weights", new long[] {features, 1}, weights))
                .message(5, floatTensor("bias", new long[] {1}, new float[] {bias}))
                .message(11, floatValue("input", features))
                .message(12, floatValue("probability", 1));
        Message model = new Message()
                .int64(1, 8) // ir_version
                .string(2, "modelyard-bench") // producer_name
                .message(7, graph)
                .message(8, new Message().string(1, "").int64(2, 13)) // opset_import: default domain, opset 13
                .message(14, new Message().string(1, "feature_names").string(2, String.join(",", featureNames)));
        Files.write(file, model.bytes().toByteArray());
        return file;
    }

    private static Message node(String name, String operator, List<String> inputs, String output) {
        Message node = new Message();
        for (String input : inputs) {
            node.string(1, input);
        }
        return node.string(2, output).string(3, name).string(4, operator);
    }

    private static Message floatTensor(String name, long[] dims, float[] values) {
        Message tensor = new Message();
        for (long dim : dims) {
            tensor.int64(1, dim);
        }
        return tensor.int64(2, FLOAT).packedFloats(4, values).string(8, name);
    }

    /** A FP32 value of shape [batch, width]. */
    private static Message floatValue(String name, long width) {
        Message shape =
                new Message().message(1, new Message().string(2, "batch")).message(1, new Message().int64(1, width));
        Message tensorType = new Message().int64(1, FLOAT).message(2, shape);
        return new Message().string(1, name).message(2, new Message().message(1, tensorType));
    }

    /** One protobuf message, written in field order as the calls come. */
    private static final class Message {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

        Message string(int field, String value) {
            return write(() -> out.writeString(field, value));
        }

        Message int64(int field, long value) {
            return write(() -> out.writeInt64(field, value));
        }

        Message message(int field, Message value) {
            ByteString bytes = value.bytes();
            return write(() -> out.writeBytes(field, bytes));
        }

        Message packedFloats(int field, float[] values) {
            return write(() -> {
                out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(values.length * Float.BYTES);
                for (float value : values) {
                    out.writeFloatNoTag(value);
                }
            });
        }

        ByteString bytes() {
            write(out::flush);
            return ByteString.copyFrom(buffer.toByteArray());
        }

        private Message write(Write write) {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }
}

package dev.modelyard.server.challenger;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * ONNX models for challenger tests, written field by field with protobuf's encoder (the ONNX
 * schema, opset 13), as the benchmark's {@code LogisticOnnx} does: Tribuo's ONNX helpers are only
 * on the runtimes' test classpath. Every model takes the
 * wine input, {@code input} FP32 {@code [batch, 13]}, and answers {@code probabilities} FP32
 * {@code [batch, 3]}.
 */
final class ChallengerModels {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_INTS = 7;

    private ChallengerModels() {}

    /**
     * A deliberately slow model: each call draws two random {@code size × size} matrices and
     * multiplies {@code repeats} times ({@code repeats × size³} multiply-adds), then adds nothing
     * of it (× 0) to {@code input · W} ({@code 13 × 3}) before a softmax. The random matrices are
     * made per call, so the runtime cannot fold or pre-pack them, the file stays small and loads
     * fast, and the answers only depend on the input.
     */
    static byte[] slow(int size, int repeats) {
        float[] weights = new float[13 * 3];
        for (int feature = 0; feature < 13; feature++) {
            for (int column = 0; column < 3; column++) {
                weights[feature * 3 + column] = (feature + column) % 3 == 0 ? 0.01f : -0.01f;
            }
        }
        Message graph = new Message()
                .string(2, "slow")
                .message(5, floatTensor("w", new long[] {13, 3}, weights))
                .message(5, floatTensor("zero", new long[] {1}, new float[] {0f}))
                .message(1, randomUniform("r0", size))
                .message(1, randomUniform("r1", size));
        for (int repeat = 1; repeat <= repeats; repeat++) {
            String left = repeat == 1 ? "r0" : "p" + (repeat - 1);
            graph.message(1, node("product" + repeat, "MatMul", List.of(left, "r1"), "p" + repeat));
        }
        graph.message(1, node("mean", "ReduceMean", List.of("p" + repeats), "mean"))
                .message(1, node("nothing", "Mul", List.of("mean", "zero"), "nothing"))
                .message(1, node("scores", "MatMul", List.of("input", "w"), "scores"))
                .message(1, node("logits", "Add", List.of("scores", "nothing"), "logits"))
                .message(1, node("softmax", "Softmax", List.of("logits"), "probabilities"))
                .message(11, floatValue("input", -1, 13))
                .message(12, floatValue("probabilities", -1, 3));
        return model(graph);
    }

    /**
     * {@code probabilities = input[:, from : from + 3]}: a model whose answers the test writes into
     * the request. {@code batch} fixes the first dimension (a call with another row count fails);
     * -1 leaves it open.
     */
    static byte[] slice(int from, long batch) {
        Message graph = new Message()
                .string(2, "slice")
                .message(5, int64Tensor("starts", new long[] {1}, new long[] {from}))
                .message(5, int64Tensor("ends", new long[] {1}, new long[] {from + 3}))
                .message(5, int64Tensor("axes", new long[] {1}, new long[] {1}))
                .message(1, node("slice", "Slice", List.of("input", "starts", "ends", "axes"), "probabilities"))
                .message(11, floatValue("input", batch, 13))
                .message(12, floatValue("probabilities", batch, 3));
        return model(graph);
    }

    private static byte[] model(Message graph) {
        Message model = new Message()
                .int64(1, 8) // ir_version
                .string(2, "modelyard-challenger-tests") // producer_name
                .message(7, graph)
                .message(8, new Message().string(1, "").int64(2, 13)); // opset_import: default domain, opset 13
        return model.bytes().toByteArray();
    }

    /** A FP32 {@code size × size} matrix of uniform random values in [0, 1), drawn at every call. */
    private static Message randomUniform(String output, int size) {
        Message shape =
                new Message().string(1, "shape").int64(8, size).int64(8, size).int64(20, ATTRIBUTE_INTS);
        return node(output, "RandomUniform", List.of(), output).message(5, shape);
    }

    private static Message floatTensor(String name, long[] dims, float[] values) {
        Message tensor = new Message();
        for (long dim : dims) {
            tensor.int64(1, dim);
        }
        return tensor.int64(2, FLOAT).packedFloats(4, values).string(8, name);
    }

    private static Message node(String name, String operator, List<String> inputs, String output) {
        Message node = new Message();
        for (String input : inputs) {
            node.string(1, input);
        }
        return node.string(2, output).string(3, name).string(4, operator);
    }

    private static Message int64Tensor(String name, long[] dims, long[] values) {
        Message tensor = new Message();
        for (long dim : dims) {
            tensor.int64(1, dim);
        }
        return tensor.int64(2, INT64).packedInt64s(7, values).string(8, name);
    }

    /** A FP32 value of shape [rows, columns]; rows -1 is a named (variable) dimension. */
    private static Message floatValue(String name, long rows, long columns) {
        Message first = rows < 0 ? new Message().string(2, "batch") : new Message().int64(1, rows);
        Message shape = new Message().message(1, first).message(1, new Message().int64(1, columns));
        Message tensorType = new Message().int64(1, FLOAT).message(2, shape);
        return new Message().string(1, name).message(2, new Message().message(1, tensorType));
    }

    /** A protobuf message built field by field. */
    private static final class Message {
        private final ByteString.Output out = ByteString.newOutput();
        private final CodedOutputStream coded = CodedOutputStream.newInstance(out);

        Message int64(int field, long value) {
            try {
                coded.writeInt64(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message string(int field, String value) {
            try {
                coded.writeString(field, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message message(int field, Message value) {
            try {
                coded.writeBytes(field, value.bytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message packedFloats(int field, float[] values) {
            try {
                coded.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                coded.writeUInt32NoTag(values.length * 4);
                for (float value : values) {
                    coded.writeFloatNoTag(value);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Message packedInt64s(int field, long[] values) {
            try {
                int size = 0;
                for (long value : values) {
                    size += CodedOutputStream.computeInt64SizeNoTag(value);
                }
                coded.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                coded.writeUInt32NoTag(size);
                for (long value : values) {
                    coded.writeInt64NoTag(value);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        ByteString bytes() {
            try {
                coded.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteString();
        }
    }
}

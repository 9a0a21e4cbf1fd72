package dev.modelyard.core.modelpackage;

/** Builders of small hand-made ONNX models for tests. */
final class OnnxModels {

    static final int FLOAT = 1;
    static final int INT64 = 7;
    static final int STRING = 8;
    static final int COMPLEX64 = 14;

    private OnnxModels() {}

    /** A ValueInfoProto of a tensor; dimensions are Long values or String parameters. */
    static ProtobufWriter tensor(String name, int elementType, Object... dimensions) {
        ProtobufWriter shape = new ProtobufWriter();
        for (Object dimension : dimensions) {
            ProtobufWriter dim = new ProtobufWriter();
            if (dimension instanceof String parameter) {
                dim.string(2, parameter);
            } else {
                dim.varint(1, ((Number) dimension).longValue());
            }
            shape.message(1, dim);
        }
        ProtobufWriter tensorType = new ProtobufWriter().varint(1, elementType).message(2, shape);
        ProtobufWriter type = new ProtobufWriter().message(1, tensorType);
        return new ProtobufWriter().string(1, name).message(2, type);
    }

    /** A ValueInfoProto of a sequence of maps, as skl2onnx's ZipMap produces. */
    static ProtobufWriter sequence(String name) {
        ProtobufWriter sequenceType = new ProtobufWriter().message(1, new ProtobufWriter());
        ProtobufWriter type = new ProtobufWriter().message(4, sequenceType);
        return new ProtobufWriter().string(1, name).message(2, type);
    }

    /** An initializer (TensorProto) with a name and some raw data. */
    static ProtobufWriter initializer(String name, int rawBytes) {
        return new ProtobufWriter()
                .varint(1, rawBytes / 4)
                .varint(2, FLOAT)
                .string(8, name)
                .bytes(9, new byte[rawBytes]);
    }

    /** A ModelProto around a graph, with IR version 8 and opset 17. */
    static ProtobufWriter model(ProtobufWriter graph) {
        return new ProtobufWriter()
                .varint(1, 8)
                .string(2, "handmade")
                .string(3, "1.0")
                .message(7, graph)
                .message(8, new ProtobufWriter().string(1, "").varint(2, 17));
    }

    /** A graph with one float [-1, 4] input "x" and one float [-1, 1] output "y". */
    static ProtobufWriter simpleGraph() {
        return new ProtobufWriter()
                .string(2, "simple")
                .message(11, tensor("x", FLOAT, "batch", 4L))
                .message(12, tensor("y", FLOAT, "batch", 1L));
    }
}

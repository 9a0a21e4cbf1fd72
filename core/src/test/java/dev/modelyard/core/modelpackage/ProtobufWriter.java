package dev.modelyard.core.modelpackage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes protocol buffers wire format by hand, to build ONNX models in tests. */
final class ProtobufWriter {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    ProtobufWriter varint(int field, long value) {
        tag(field, 0);
        writeVarint(output, value);
        return this;
    }

    ProtobufWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtobufWriter bytes(int field, byte[] value) {
        tag(field, 2);
        writeVarint(output, value.length);
        output.writeBytes(value);
        return this;
    }

    ProtobufWriter message(int field, ProtobufWriter nested) {
        return bytes(field, nested.toByteArray());
    }

    ProtobufWriter tag(int field, int wireType) {
        writeVarint(output, (long) field << 3 | wireType);
        return this;
    }

    ProtobufWriter raw(byte[] bytes) {
        output.writeBytes(bytes);
        return this;
    }

    byte[] toByteArray() {
        return output.toByteArray();
    }

    static void writeVarint(OutputStream output, long value) {
        try {
            long remaining = value;
            while ((remaining & ~0x7FL) != 0) {
                output.write((int) ((remaining & 0x7F) | 0x80));
                remaining >>>= 7;
            }
            output.write((int) remaining);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    static int varintSize(long value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeVarint(bytes, value);
        return bytes.size();
    }
}

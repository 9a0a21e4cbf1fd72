package dev.modelyard.core.modelpackage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Converts JSON to UBJSON the way XGBoost writes {@code .ubj} models: arrays of numbers become typed float32 arrays
 * ({@code [$d#L...}), other arrays are untyped, integers are int64.
 */
final class UniversalBinaryJsonWriter {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream output = new DataOutputStream(bytes);

    private UniversalBinaryJsonWriter() {}

    static byte[] convert(JsonNode node) {
        UniversalBinaryJsonWriter writer = new UniversalBinaryJsonWriter();
        try {
            writer.write(node);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return writer.bytes.toByteArray();
    }

    private void write(JsonNode node) throws IOException {
        if (node.isObject()) {
            output.writeByte('{');
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                writeText(field.getKey());
                write(field.getValue());
            }
            output.writeByte('}');
        } else if (node.isArray()) {
            boolean allNumbers = !node.isEmpty();
            for (JsonNode element : node) {
                allNumbers &= element.isNumber();
            }
            if (allNumbers) {
                output.writeByte('[');
                output.writeByte('$');
                output.writeByte('d');
                output.writeByte('#');
                output.writeByte('L');
                output.writeLong(node.size());
                for (JsonNode element : node) {
                    output.writeFloat(element.floatValue());
                }
            } else {
                output.writeByte('[');
                for (JsonNode element : node) {
                    write(element);
                }
                output.writeByte(']');
            }
        } else if (node.isTextual()) {
            output.writeByte('S');
            writeText(node.textValue());
        } else if (node.isIntegralNumber()) {
            output.writeByte('L');
            output.writeLong(node.longValue());
        } else if (node.isNumber()) {
            output.writeByte('D');
            output.writeDouble(node.doubleValue());
        } else if (node.isBoolean()) {
            output.writeByte(node.booleanValue() ? 'T' : 'F');
        } else {
            output.writeByte('Z');
        }
    }

    private void writeText(String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        output.writeByte('L');
        output.writeLong(utf8.length);
        output.write(utf8);
    }
}

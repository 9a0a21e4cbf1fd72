package dev.modelyard.core.modelpackage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * A streaming reader of Universal Binary JSON (UBJSON, draft 12, as XGBoost writes {@code .ubj} models), keeping only
 * the {@link SelectedPaths} and skipping the rest, typed number arrays without reading them value by value.
 */
final class UniversalBinaryJsonReader {

    private static final int MAX_DEPTH = 128;
    private static final int MAX_KEPT_STRING_BYTES = 16 * 1024 * 1024;
    private static final int NO_MARKER = -1;

    private final DataInputStream input;
    private final SelectedPaths selection;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private int peeked = NO_MARKER;

    private UniversalBinaryJsonReader(InputStream input, SelectedPaths selection) {
        this.input = new DataInputStream(new BufferedInputStream(input, 64 * 1024));
        this.selection = selection;
    }

    /**
     * Reads one UBJSON document; returns the selected parts, or throws {@link UniversalBinaryJsonException} when the
     * bytes are not UBJSON.
     */
    static JsonNode readSelected(InputStream input, SelectedPaths selection) throws IOException {
        UniversalBinaryJsonReader reader = new UniversalBinaryJsonReader(input, selection);
        JsonNode root = reader.readValue(reader.nextMarker(), "", 0);
        int trailing = reader.nextByteOrEnd();
        while (trailing == 'N') {
            trailing = reader.nextByteOrEnd();
        }
        if (trailing >= 0) {
            throw new UniversalBinaryJsonException("there are bytes after the end of the document");
        }
        return root;
    }

    /** Malformed UBJSON. */
    static final class UniversalBinaryJsonException extends IOException {
        private static final long serialVersionUID = 1L;

        UniversalBinaryJsonException(String message) {
            super(message);
        }
    }

    private JsonNode readValue(int marker, String path, int depth) throws IOException {
        return switch (selection.decide(path)) {
            case KEEP -> keepValue(marker, depth);
            case DESCEND -> {
                if (marker == '{') {
                    yield readSelectedObject(path, depth);
                }
                if (marker == '[') {
                    skipValue(marker, depth);
                    yield nodes.arrayNode();
                }
                yield keepValue(marker, depth);
            }
            case SKIP -> {
                skipValue(marker, depth);
                yield null;
            }
        };
    }

    private JsonNode readSelectedObject(String path, int depth) throws IOException {
        checkDepth(depth);
        ObjectNode object = nodes.objectNode();
        ContainerHeader header = readContainerHeader();
        for (long index = 0; header.hasNext(index); index++) {
            String key = readKey(header.untilEndMarker());
            if (key == null) {
                break;
            }
            int valueMarker = header.elementType() == NO_MARKER ? nextMarker() : header.elementType();
            JsonNode value = readValue(valueMarker, SelectedPaths.child(path, key), depth + 1);
            if (value != null) {
                object.set(key, value);
            }
        }
        return object;
    }

    private JsonNode keepValue(int marker, int depth) throws IOException {
        return switch (marker) {
            case '{' -> keepObject(depth);
            case '[' -> keepArray(depth);
            case 'Z' -> nodes.nullNode();
            case 'T' -> nodes.booleanNode(true);
            case 'F' -> nodes.booleanNode(false);
            case 'i' -> nodes.numberNode(input.readByte());
            case 'U' -> nodes.numberNode(input.readUnsignedByte());
            case 'I' -> nodes.numberNode(input.readShort());
            case 'l' -> nodes.numberNode(input.readInt());
            case 'L' -> nodes.numberNode(input.readLong());
            case 'd' -> nodes.numberNode(input.readFloat());
            case 'D' -> nodes.numberNode(input.readDouble());
            case 'C' -> nodes.textNode(String.valueOf((char) input.readUnsignedByte()));
            case 'S' -> nodes.textNode(readString());
            case 'H' -> {
                try {
                    yield nodes.numberNode(new BigDecimal(readString()));
                } catch (NumberFormatException notANumber) {
                    throw new UniversalBinaryJsonException("a high-precision number is not a number");
                }
            }
            default -> throw unknownMarker(marker);
        };
    }

    private JsonNode keepObject(int depth) throws IOException {
        checkDepth(depth);
        ObjectNode object = nodes.objectNode();
        ContainerHeader header = readContainerHeader();
        for (long index = 0; header.hasNext(index); index++) {
            String key = readKey(header.untilEndMarker());
            if (key == null) {
                break;
            }
            int valueMarker = header.elementType() == NO_MARKER ? nextMarker() : header.elementType();
            object.set(key, keepValue(valueMarker, depth + 1));
        }
        return object;
    }

    private JsonNode keepArray(int depth) throws IOException {
        checkDepth(depth);
        ArrayNode array = nodes.arrayNode();
        ContainerHeader header = readContainerHeader();
        for (long index = 0; header.hasNext(index); index++) {
            int elementMarker = header.elementType();
            if (elementMarker == NO_MARKER) {
                elementMarker = nextMarker();
                if (header.untilEndMarker() && elementMarker == ']') {
                    break;
                }
            }
            array.add(keepValue(elementMarker, depth + 1));
        }
        return array;
    }

    private void skipValue(int marker, int depth) throws IOException {
        switch (marker) {
            case '{', '[' -> skipContainer(marker, depth);
            case 'Z', 'T', 'F' -> {}
            case 'S', 'H' -> skipFully(readLength());
            default -> skipFully(fixedSize(marker));
        }
    }

    private void skipContainer(int marker, int depth) throws IOException {
        checkDepth(depth);
        boolean object = marker == '{';
        char endMarker = object ? '}' : ']';
        ContainerHeader header = readContainerHeader();
        if (!object && header.elementType() != NO_MARKER && isFixedSize(header.elementType())) {
            long total = Math.multiplyExact(header.count(), fixedSize(header.elementType()));
            skipFully(total);
            return;
        }
        for (long index = 0; header.hasNext(index); index++) {
            if (object) {
                String key = readKey(header.untilEndMarker());
                if (key == null) {
                    return;
                }
            }
            int elementMarker = header.elementType();
            if (elementMarker == NO_MARKER) {
                elementMarker = nextMarker();
                if (!object && header.untilEndMarker() && elementMarker == endMarker) {
                    return;
                }
            }
            skipValue(elementMarker, depth + 1);
        }
    }

    /** The optional {@code $type} and {@code #count} after an opening bracket. */
    private record ContainerHeader(int elementType, long count) {
        boolean hasNext(long index) {
            return count < 0 || index < count;
        }

        boolean untilEndMarker() {
            return count < 0;
        }
    }

    private ContainerHeader readContainerHeader() throws IOException {
        int next = nextByte();
        if (next == '$') {
            int type = nextByte();
            if (nextByte() != '#') {
                throw new UniversalBinaryJsonException("a typed container has no element count");
            }
            return new ContainerHeader(type, readLength());
        }
        if (next == '#') {
            return new ContainerHeader(NO_MARKER, readLength());
        }
        peeked = next;
        return new ContainerHeader(NO_MARKER, -1);
    }

    /** Reads an object key, or returns null at the end marker of an object without count. */
    private String readKey(boolean mayEnd) throws IOException {
        int marker = nextMarker();
        if (mayEnd && marker == '}') {
            return null;
        }
        return readString(readLength(marker));
    }

    private String readString() throws IOException {
        return readString(readLength());
    }

    private String readString(long length) throws IOException {
        if (length > MAX_KEPT_STRING_BYTES) {
            throw new UniversalBinaryJsonException("a text value is longer than " + MAX_KEPT_STRING_BYTES + " bytes");
        }
        byte[] bytes = new byte[(int) length];
        input.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private long readLength() throws IOException {
        return readLength(nextMarker());
    }

    private long readLength(int marker) throws IOException {
        long length =
                switch (marker) {
                    case 'i' -> input.readByte();
                    case 'U' -> input.readUnsignedByte();
                    case 'I' -> input.readShort();
                    case 'l' -> input.readInt();
                    case 'L' -> input.readLong();
                    default ->
                        throw new UniversalBinaryJsonException(
                                "a length or count has the non-integer type '" + printable(marker) + "'");
                };
        if (length < 0) {
            throw new UniversalBinaryJsonException("a length or count is negative");
        }
        return length;
    }

    private static boolean isFixedSize(int marker) {
        return switch (marker) {
            case 'i', 'U', 'I', 'l', 'L', 'd', 'D', 'C', 'Z', 'T', 'F' -> true;
            default -> false;
        };
    }

    private static long fixedSize(int marker) throws UniversalBinaryJsonException {
        return switch (marker) {
            case 'Z', 'T', 'F' -> 0;
            case 'i', 'U', 'C' -> 1;
            case 'I' -> 2;
            case 'l', 'd' -> 4;
            case 'L', 'D' -> 8;
            default -> throw unknownMarker(marker);
        };
    }

    private void skipFully(long count) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            int skipped = input.skipBytes((int) Math.min(remaining, Integer.MAX_VALUE));
            if (skipped <= 0) {
                if (input.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }

    /** The next type marker, skipping no-op markers. */
    private int nextMarker() throws IOException {
        int marker = nextByte();
        while (marker == 'N') {
            marker = nextByte();
        }
        return marker;
    }

    private int nextByte() throws IOException {
        int next = nextByteOrEnd();
        if (next < 0) {
            throw new EOFException();
        }
        return next;
    }

    private int nextByteOrEnd() throws IOException {
        if (peeked != NO_MARKER) {
            int next = peeked;
            peeked = NO_MARKER;
            return next;
        }
        return input.read();
    }

    private static void checkDepth(int depth) throws UniversalBinaryJsonException {
        if (depth > MAX_DEPTH) {
            throw new UniversalBinaryJsonException("values are nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private static UniversalBinaryJsonException unknownMarker(int marker) {
        return new UniversalBinaryJsonException("unknown value type '" + printable(marker) + "'");
    }

    private static String printable(int marker) {
        return marker >= 0x20 && marker < 0x7F ? String.valueOf((char) marker) : String.format("0x%02x", marker);
    }
}

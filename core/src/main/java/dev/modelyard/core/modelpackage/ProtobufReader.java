package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A streaming reader of the protocol buffers wire format: tags, varints, fixed-size numbers and length-delimited
 * fields, with nested message bounds. It never buffers a skipped field, so memory does not grow with the size of the
 * message. Every malformation is a {@link ErrorCode#INVALID_MODEL} error whose message starts with the given prefix.
 */
final class ProtobufReader {

    static final int WIRE_TYPE_VARINT = 0;
    static final int WIRE_TYPE_FIXED64 = 1;
    static final int WIRE_TYPE_LENGTH_DELIMITED = 2;
    static final int WIRE_TYPE_START_GROUP = 3;
    static final int WIRE_TYPE_END_GROUP = 4;
    static final int WIRE_TYPE_FIXED32 = 5;

    private static final int MAX_VARINT_BYTES = 10;
    private static final int SKIP_BUFFER_BYTES = 64 * 1024;

    private final InputStream input;
    private final String errorPrefix;
    private final boolean sizeKnown;
    private long position;
    private long limit;
    private int nesting;
    private byte[] skipBuffer;

    /**
     * @param input the stream, positioned at the start of the message
     * @param size the message size in bytes if known, or -1 to read until the end of the stream
     * @param errorPrefix how error messages start, e.g. "not a valid ONNX model"
     */
    ProtobufReader(InputStream input, long size, String errorPrefix) {
        requireNonNull(input, "input is null");
        this.input = input.markSupported() ? input : new BufferedInputStream(input, SKIP_BUFFER_BYTES);
        this.errorPrefix = requireNonNull(errorPrefix, "errorPrefix is null");
        this.sizeKnown = size >= 0;
        this.limit = sizeKnown ? size : Long.MAX_VALUE;
    }

    long position() {
        return position;
    }

    /** Whether the current message (or, at the top level, the input) has no more fields. */
    boolean atEnd() throws IOException {
        if (limit != Long.MAX_VALUE) {
            return position >= limit;
        }
        input.mark(1);
        int next = input.read();
        if (next < 0) {
            return true;
        }
        input.reset();
        return false;
    }

    /** The next field's tag: {@code fieldNumber << 3 | wireType}; only the wire types ONNX can contain pass. */
    int readTag() throws IOException {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE) {
            throw invalid("a field has the impossible tag " + tag);
        }
        int wireType = (int) (tag & 7);
        int fieldNumber = (int) (tag >>> 3);
        if (fieldNumber == 0) {
            throw invalid("a field has the number 0");
        }
        switch (wireType) {
            case WIRE_TYPE_VARINT, WIRE_TYPE_FIXED64, WIRE_TYPE_LENGTH_DELIMITED, WIRE_TYPE_FIXED32 -> {}
            case WIRE_TYPE_START_GROUP, WIRE_TYPE_END_GROUP ->
                throw invalid("field " + fieldNumber + " is a group, which this format never contains");
            default -> throw invalid("field " + fieldNumber + " has the unknown wire type " + wireType);
        }
        return (int) tag;
    }

    static int fieldNumber(int tag) {
        return tag >>> 3;
    }

    static int wireType(int tag) {
        return tag & 7;
    }

    long readVarint() throws IOException {
        long value = 0;
        for (int index = 0; index < MAX_VARINT_BYTES; index++) {
            int next = readByte();
            if (index == MAX_VARINT_BYTES - 1 && (next & 0xFE) != 0) {
                throw invalid("a number (varint) is malformed");
            }
            value |= (long) (next & 0x7F) << (7 * index);
            if ((next & 0x80) == 0) {
                return value;
            }
        }
        throw invalid("a number (varint) is longer than 10 bytes");
    }

    /** Reads the length of a length-delimited field and checks that it fits the enclosing message. */
    long readLength() throws IOException {
        long length = readVarint();
        if (length < 0) {
            throw invalid("a field declares a negative length");
        }
        if (length > limit - position) {
            if (limit == Long.MAX_VALUE) {
                throw invalid("a field is " + length + " bytes long, more than a file can hold");
            }
            throw invalid("a field declares " + length + " bytes but only " + (limit - position)
                    + " bytes remain in its enclosing message" + (sizeKnown ? "; the file looks truncated" : ""));
        }
        return length;
    }

    /** Starts reading a nested message of this many bytes; returns the limit to restore with {@link #popLimit}. */
    long pushLimit(long length) {
        long previous = limit;
        limit = position + length;
        nesting++;
        return previous;
    }

    void popLimit(long previousLimit) {
        if (position != limit) {
            throw invalid("a nested message ends in the middle of a field");
        }
        limit = previousLimit;
        nesting--;
    }

    void skipField(int tag) throws IOException {
        switch (wireType(tag)) {
            case WIRE_TYPE_VARINT -> readVarint();
            case WIRE_TYPE_FIXED64 -> skipBytes(8);
            case WIRE_TYPE_LENGTH_DELIMITED -> skipBytes(readLength());
            case WIRE_TYPE_FIXED32 -> skipBytes(4);
            default -> throw invalid("field " + fieldNumber(tag) + " has the unsupported wire type " + wireType(tag));
        }
    }

    void skipBytes(long count) throws IOException {
        if (count > limit - position) {
            throw nesting == 0 ? truncated() : invalid("a field runs past the end of its enclosing message");
        }
        long remaining = count;
        while (remaining > 0) {
            long skipped = input.skip(remaining);
            if (skipped <= 0) {
                if (skipBuffer == null) {
                    skipBuffer = new byte[SKIP_BUFFER_BYTES];
                }
                int read = input.read(skipBuffer, 0, (int) Math.min(remaining, skipBuffer.length));
                if (read < 0) {
                    throw truncated();
                }
                skipped = read;
            }
            remaining -= skipped;
            position += skipped;
        }
    }

    /** Reads a length-delimited UTF-8 string field of at most this many bytes. */
    String readString(int maxBytes, String what) throws IOException {
        long length = readLength();
        if (length > maxBytes) {
            throw invalid(what + " is " + length + " bytes long, more than the " + maxBytes + " bytes allowed");
        }
        byte[] bytes = input.readNBytes((int) length);
        if (bytes.length < length) {
            throw truncated();
        }
        position += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Checks that the field has the expected wire type. */
    void expectWireType(int tag, int expectedWireType, String fieldName) {
        if (wireType(tag) != expectedWireType) {
            throw invalid(fieldName + " (field " + fieldNumber(tag) + ") has wire type " + wireType(tag) + ", expected "
                    + expectedWireType);
        }
    }

    ModelyardException invalid(String what) {
        return new ModelyardException(
                ErrorCode.INVALID_MODEL,
                errorPrefix + ": " + what + " (at byte " + position + ")",
                Map.of("offset", position));
    }

    private int readByte() throws IOException {
        if (position >= limit) {
            throw nesting == 0 ? truncated() : invalid("a field runs past the end of its enclosing message");
        }
        int next = input.read();
        if (next < 0) {
            throw truncated();
        }
        position++;
        return next;
    }

    private ModelyardException truncated() {
        return invalid("the file ends in the middle of a field; it looks truncated");
    }
}

package dev.modelyard.store.dataset;

import dev.modelyard.core.dataset.InvalidTableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming check that a file is the CSV datasets accept (RFC 4180: UTF-8, comma-separated, a
 * header line, fields optionally quoted with {@code "} and quotes doubled inside them, LF or CRLF
 * line ends), so that a malformed file is refused with the line and character position of the
 * first problem before the SQL engine reads it. Holds one record at most in memory.
 */
final class CsvStructure {
    /** The longest record (header or row) accepted, in characters. */
    static final int MAX_RECORD_CHARS = 4 * 1024 * 1024;

    static final int MAX_COLUMN_NAME_CHARS = 256;

    /** The header's column names and the number of data rows. */
    record Shape(List<String> header, long rows) {}

    private enum State {
        FIELD_START,
        UNQUOTED,
        QUOTED,
        QUOTE_IN_QUOTED
    }

    private boolean first = true;
    private boolean pendingCarriageReturn;
    private List<String> header;
    private long rows;
    private long line = 1;
    private int position;
    private State state = State.FIELD_START;
    private long recordLine = 1;
    private int recordChars;
    private int fields;
    private long quoteLine;
    private int quotePosition;
    private final StringBuilder field = new StringBuilder();
    private final List<String> headerFields = new ArrayList<>();

    static Shape check(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new CsvStructure().run(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded CSV file", e);
        }
    }

    /** Decodes UTF-8 itself, so that invalid bytes are reported at the line they are on. */
    private Shape run(InputStream in) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        CharBuffer chars = CharBuffer.allocate(64 * 1024);
        boolean endOfInput = false;
        while (true) {
            if (!endOfInput) {
                int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (read < 0) {
                    endOfInput = true;
                } else {
                    bytes.position(bytes.position() + read);
                }
            }
            bytes.flip();
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            bytes.compact();
            chars.flip();
            while (chars.hasRemaining()) {
                accept(chars.get());
            }
            chars.clear();
            if (result.isError()) {
                throw InvalidTableException.atLine(
                        "line " + line + " is not valid UTF-8 text; save the file as UTF-8", line, null, null);
            }
            if (endOfInput && result.isUnderflow()) {
                if (decoder.flush(chars).isError()) {
                    throw InvalidTableException.atLine(
                            "line " + line + " is not valid UTF-8 text; save the file as UTF-8", line, null, null);
                }
                break;
            }
        }
        if (pendingCarriageReturn) {
            newline();
        }
        finish();
        return new Shape(header, rows);
    }

    private void accept(char c) {
        if (first) {
            first = false;
            if (c == '\uFEFF') {
                return;
            }
        }
        if (pendingCarriageReturn) {
            pendingCarriageReturn = false;
            if (c != '\n') {
                throw error("a carriage return that does not end a line; end lines with LF or CRLF", line, position);
            }
            newline();
            return;
        }
        position++;
        if (c == '\r' && state != State.QUOTED) {
            endRecord();
            pendingCarriageReturn = true;
            return;
        }
        consume(c);
    }

    private void consume(char c) {
        switch (state) {
            case FIELD_START -> {
                if (c == '"') {
                    state = State.QUOTED;
                    quoteLine = line;
                    quotePosition = position;
                } else if (c == ',') {
                    endField();
                } else if (c == '\n') {
                    endRecord();
                    newline();
                } else {
                    state = State.UNQUOTED;
                    append(c);
                }
            }
            case UNQUOTED -> {
                if (c == ',') {
                    endField();
                } else if (c == '\n') {
                    endRecord();
                    newline();
                } else if (c == '"') {
                    throw error(
                            "a quote inside an unquoted field; quote the whole field and double the quotes inside"
                                    + " it (\"say \"\"hi\"\"\")",
                            line,
                            position);
                } else {
                    append(c);
                }
            }
            case QUOTED -> {
                if (c == '"') {
                    state = State.QUOTE_IN_QUOTED;
                } else {
                    append(c);
                    if (c == '\n') {
                        newline();
                    }
                }
            }
            case QUOTE_IN_QUOTED -> {
                if (c == '"') {
                    state = State.QUOTED;
                    append(c);
                } else if (c == ',') {
                    endField();
                } else if (c == '\n') {
                    endRecord();
                    newline();
                } else {
                    throw error(
                            "unexpected text after the closing quote of a field; double a quote that is part of the"
                                    + " value",
                            line,
                            position);
                }
            }
        }
    }

    private void append(char c) {
        if (++recordChars > MAX_RECORD_CHARS) {
            if (state == State.QUOTED) {
                throw error(
                        "a quoted field opened here runs over " + MAX_RECORD_CHARS
                                + " characters; is its closing quote missing?",
                        quoteLine,
                        quotePosition);
            }
            throw InvalidTableException.atLine(
                    "line " + recordLine + " is longer than " + MAX_RECORD_CHARS + " characters",
                    recordLine,
                    null,
                    null);
        }
        if (header == null) {
            field.append(c);
        }
    }

    private void endField() {
        fields++;
        if (header == null) {
            headerFields.add(field.toString());
            field.setLength(0);
        }
        state = State.FIELD_START;
    }

    private void endRecord() {
        boolean blank = fields == 0 && state == State.FIELD_START && recordChars == 0;
        endField();
        if (header == null) {
            header = checkedHeader(headerFields);
        } else if (blank && header.size() > 1) {
            throw InvalidTableException.atLine(
                    "line " + recordLine + " is empty; remove blank lines", recordLine, null, null);
        } else if (fields != header.size()) {
            throw InvalidTableException.atLine(
                    "line " + recordLine + " has " + fields + " field" + (fields == 1 ? "" : "s") + " but the header"
                            + " has " + header.size() + " columns; every row needs one value per column (empty for"
                            + " none)",
                    recordLine,
                    null,
                    null);
        } else {
            rows++;
        }
        fields = 0;
        recordChars = 0;
    }

    private void newline() {
        line++;
        position = 0;
        if (state == State.FIELD_START && fields == 0) {
            recordLine = line;
        }
    }

    private void finish() {
        if (state == State.QUOTED) {
            throw error("a quoted field opened here is never closed", quoteLine, quotePosition);
        }
        if (fields > 0 || recordChars > 0 || state != State.FIELD_START) {
            endRecord();
        }
        if (header == null) {
            throw new InvalidTableException("the file has no header line; the first line must name the columns");
        }
    }

    private static List<String> checkedHeader(List<String> names) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isBlank()) {
                throw InvalidTableException.atLine(
                        "line 1: column " + (i + 1) + " has no name; name every column in the header line (pandas:"
                                + " to_csv(index=False))",
                        1,
                        null,
                        null);
            }
            if (name.length() > MAX_COLUMN_NAME_CHARS) {
                throw InvalidTableException.atLine(
                        "line 1: the name of column " + (i + 1) + " is longer than " + MAX_COLUMN_NAME_CHARS
                                + " characters",
                        1,
                        null,
                        null);
            }
            Integer earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i + 1);
            if (earlier != null) {
                throw InvalidTableException.atLine(
                        "line 1: columns " + earlier + " ('" + names.get(earlier - 1) + "') and " + (i + 1) + " ('"
                                + name + "') have the same name; column names must be unique, ignoring case",
                        1,
                        null,
                        name);
            }
        }
        return List.copyOf(names);
    }

    private static InvalidTableException error(String message, long line, int position) {
        return InvalidTableException.atLine(
                "line " + line + ", column " + position + ": " + message, line, position, null);
    }
}

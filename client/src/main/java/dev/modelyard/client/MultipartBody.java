package dev.modelyard.client;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} request body whose parts come from files on disk. The body is
 * never held in memory: {@link #open()} chains the framing bytes and the files' streams, opening
 * each file only when its turn comes. The exact {@link #contentLength()} is known up front from
 * the file sizes, so the server can refuse an oversized upload before reading it.
 */
final class MultipartBody {
    private static final byte[] LINE_BREAK = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String boundary;
    private final List<Part> parts;
    private final byte[] trailer;
    private final long contentLength;

    private MultipartBody(String boundary, List<Part> parts) {
        this.boundary = boundary;
        this.parts = List.copyOf(parts);
        this.trailer = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        long length = trailer.length;
        for (Part part : this.parts) {
            length += part.header().length + part.sizeBytes() + LINE_BREAK.length;
        }
        this.contentLength = length;
    }

    static Builder builder() {
        return new Builder(randomBoundary());
    }

    static Builder builder(String boundary) {
        return new Builder(boundary);
    }

    String boundary() {
        return boundary;
    }

    /** The value of the request's {@code Content-Type} header. */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The exact number of bytes {@link #open()} yields. */
    long contentLength() {
        return contentLength;
    }

    /** A fresh stream over the whole body; each call starts again from the first byte. */
    InputStream open() {
        List<Supplier<InputStream>> pieces = new ArrayList<>();
        for (Part part : parts) {
            pieces.add(() -> new ByteArrayInputStream(part.header()));
            pieces.add(() -> openExactly(part.file(), part.sizeBytes()));
            pieces.add(() -> new ByteArrayInputStream(LINE_BREAK));
        }
        pieces.add(() -> new ByteArrayInputStream(trailer));
        return new SequenceInputStream(new LazyStreams(pieces));
    }

    /** Like {@link #open()}, telling {@code listener} how many bytes have been read so far. */
    InputStream open(UploadProgressListener listener) {
        return new CountingInputStream(open(), contentLength, listener);
    }

    private static InputStream openExactly(Path file, long expectedSize) {
        try {
            return new ExactLengthInputStream(Files.newInputStream(file), expectedSize, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String randomBoundary() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return "modelyard-" + HexFormat.of().formatHex(random);
    }

    /** Puts a file into a form field, with the file name the server will see. */
    static final class Builder {
        private final String boundary;
        private final List<Part> parts = new ArrayList<>();

        private Builder(String boundary) {
            requireNonNull(boundary, "boundary is null");
            if (boundary.isEmpty() || boundary.length() > 70 || !boundary.matches("[0-9A-Za-z'()+_,./:=?-]+")) {
                throw new IllegalArgumentException("not a valid multipart boundary: " + boundary);
            }
            this.boundary = boundary;
        }

        /** A file field: the part carries {@code fileName} and is read as an uploaded file. */
        Builder filePart(String fieldName, Path file, String fileName, String contentType) {
            return add(fieldName, file, Optional.of(fileName), contentType);
        }

        /** A text field whose value is the content of {@code file}: no file name is sent. */
        Builder textPart(String fieldName, Path file, String contentType) {
            return add(fieldName, file, Optional.empty(), contentType);
        }

        private Builder add(String fieldName, Path file, Optional<String> fileName, String contentType) {
            requireNonNull(fieldName, "fieldName is null");
            requireNonNull(file, "file is null");
            requireNonNull(contentType, "contentType is null");
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            StringBuilder header = new StringBuilder()
                    .append("--")
                    .append(boundary)
                    .append("\r\n")
                    .append("Content-Disposition: form-data; name=\"")
                    .append(quoted(fieldName))
                    .append('"');
            fileName.ifPresent(
                    name -> header.append("; filename=\"").append(quoted(name)).append('"'));
            header.append("\r\n")
                    .append("Content-Type: ")
                    .append(contentType.replaceAll("[\r\n]", ""))
                    .append("\r\n\r\n");
            parts.add(new Part(header.toString().getBytes(StandardCharsets.UTF_8), file, size));
            return this;
        }

        MultipartBody build() {
            if (parts.isEmpty()) {
                throw new IllegalStateException("a multipart body needs at least one part");
            }
            return new MultipartBody(boundary, parts);
        }

        /** Escapes as browsers do: a quote becomes %22, line breaks %0D and %0A. */
        private static String quoted(String value) {
            return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
        }
    }

    private record Part(byte[] header, Path file, long sizeBytes) {}

    private static final class LazyStreams implements Enumeration<InputStream> {
        private final List<Supplier<InputStream>> pieces;
        private int next;

        LazyStreams(List<Supplier<InputStream>> pieces) {
            this.pieces = pieces;
        }

        @Override
        public boolean hasMoreElements() {
            return next < pieces.size();
        }

        @Override
        public InputStream nextElement() {
            if (!hasMoreElements()) {
                throw new NoSuchElementException();
            }
            return pieces.get(next++).get();
        }
    }

    /** Fails loudly when a file grew or shrank since its size went into the Content-Length. */
    private static final class ExactLengthInputStream extends FilterInputStream {
        private final long expectedSize;
        private final Path file;
        private long read;

        ExactLengthInputStream(InputStream in, long expectedSize, Path file) {
            super(in);
            this.expectedSize = expectedSize;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int count = read(one, 0, 1);
            return count < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long remaining = expectedSize - read;
            if (remaining <= 0) {
                if (super.read() >= 0) {
                    throw changed();
                }
                return -1;
            }
            int count = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (count < 0) {
                throw changed();
            }
            read += count;
            return count;
        }

        private IOException changed() {
            return new IOException(file + " changed size during the upload (expected " + expectedSize + " bytes)");
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        private final long totalBytes;
        private final UploadProgressListener listener;
        private long bytesRead;

        CountingInputStream(InputStream in, long totalBytes, UploadProgressListener listener) {
            super(in);
            this.totalBytes = totalBytes;
            this.listener = requireNonNull(listener, "listener is null");
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                advance(1);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count > 0) {
                advance(count);
            }
            return count;
        }

        @Override
        public long skip(long count) throws IOException {
            long skipped = super.skip(count);
            if (skipped > 0) {
                advance(skipped);
            }
            return skipped;
        }

        private void advance(long count) {
            bytesRead += count;
            listener.bytesSent(bytesRead, totalBytes);
        }
    }
}

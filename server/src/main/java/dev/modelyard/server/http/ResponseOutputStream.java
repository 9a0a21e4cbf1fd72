package dev.modelyard.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Lets blocking code (on a worker thread) write a response body as a stream: bytes are sent in
 * chunks, and each chunk waits until the connection took it, so memory stays bounded.
 */
public final class ResponseOutputStream extends OutputStream {
    private static final int CHUNK_BYTES = 256 * 1024;

    private final HttpServerResponse response;
    private final byte[] buffer = new byte[CHUNK_BYTES];
    private int filled;
    private boolean closed;

    public ResponseOutputStream(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public void write(int b) {
        if (filled == buffer.length) {
            flush();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        int written = 0;
        while (written < length) {
            if (filled == buffer.length) {
                flush();
            }
            int count = Math.min(length - written, buffer.length - filled);
            System.arraycopy(bytes, offset + written, buffer, filled, count);
            filled += count;
            written += count;
        }
    }

    @Override
    public void flush() {
        if (filled == 0) {
            return;
        }
        Buffer chunk = Buffer.buffer(Arrays.copyOf(buffer, filled));
        filled = 0;
        response.write(chunk).toCompletionStage().toCompletableFuture().join();
    }

    /** Sends what is left and ends the response; closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flush();
        response.end().toCompletionStage().toCompletableFuture().join();
    }
}

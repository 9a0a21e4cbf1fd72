package dev.modelyard.client;

/**
 * Told how much of an upload has been handed to the network. Called from the HTTP client's thread,
 * often (once per buffer), so implementations should be cheap.
 */
@FunctionalInterface
public interface UploadProgressListener {
    /**
     * @param bytesSent request body bytes sent so far, multipart framing included
     * @param totalBytes the whole request body's size (its Content-Length)
     */
    void bytesSent(long bytesSent, long totalBytes);

    static UploadProgressListener none() {
        return (bytesSent, totalBytes) -> {};
    }
}

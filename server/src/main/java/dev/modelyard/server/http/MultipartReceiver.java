package dev.modelyard.server.http;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.model.UploadedFile;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Streams a {@code multipart/form-data} model upload to a staging file without holding it in
 * memory: the part {@code file} is hashed (SHA-256) and counted chunk by chunk as it is written,
 * and the upload fails with 413 the moment it passes the limit. An optional part {@code manifest}
 * (a field or a small file) is kept as text. All on the event loop, with back-pressure from the
 * file to the socket; the caller deletes the staging file when the result is a failure.
 */
public final class MultipartReceiver {
    public static final String FILE_PART = "file";
    public static final String MANIFEST_PART = "manifest";
    public static final int MAX_MANIFEST_BYTES = 1024 * 1024;

    private final Vertx vertx;

    public MultipartReceiver(Vertx vertx) {
        this.vertx = requireNonNull(vertx, "vertx is null");
    }

    /**
     * Fails with 415 unless the request is multipart/form-data; call before reading the body.
     * {@code howTo} tells the caller how to send it, e.g. "upload the model … curl -F file=@model.onnx".
     */
    public static void requireMultipart(HttpServerRequest request, String howTo) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ModelyardException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE, howTo, Map.of("content_type", String.valueOf(contentType)));
        }
    }

    public Future<UploadedFile> receive(HttpServerRequest request, Path stagingFile, long maxBytes) {
        Promise<UploadedFile> result = Promise.promise();
        Upload upload = new Upload(request, stagingFile, maxBytes, result);
        vertx.fileSystem()
                .open(stagingFile.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                .onSuccess(upload::start)
                .onFailure(result::tryFail);
        return result.future();
    }

    private static final class Upload {
        private final HttpServerRequest request;
        private final Path stagingFile;
        private final long maxBytes;
        private final Promise<UploadedFile> result;
        private final MessageDigest digest = sha256();
        private AsyncFile file;
        private long size;
        private String fileName;
        private boolean filePartSeen;
        private Future<Void> fileWritten = Future.succeededFuture();
        private Buffer manifestFile;

        Upload(HttpServerRequest request, Path stagingFile, long maxBytes, Promise<UploadedFile> result) {
            this.request = request;
            this.stagingFile = stagingFile;
            this.maxBytes = maxBytes;
            this.result = result;
        }

        void start(AsyncFile openedFile) {
            this.file = openedFile;
            request.setExpectMultipart(true);
            request.uploadHandler(this::part);
            request.exceptionHandler(this::fail);
            request.endHandler(ignored -> finish());
            result.future().onFailure(ignored -> file.close());
            request.resume();
        }

        private void part(HttpServerFileUpload part) {
            if (result.future().isComplete()) {
                return;
            }
            if (FILE_PART.equals(part.name())) {
                if (filePartSeen) {
                    fail(invalid("send one part 'file', not several"));
                    return;
                }
                filePartSeen = true;
                fileName = part.filename();
                Promise<Void> written = Promise.promise();
                fileWritten = written.future();
                part.handler(chunk -> writeChunk(part, chunk));
                part.exceptionHandler(this::fail);
                part.endHandler(ignored -> {
                    if (result.future().isComplete()) {
                        written.tryComplete();
                    } else {
                        file.flush().onComplete(written);
                    }
                });
            } else if (MANIFEST_PART.equals(part.name())) {
                manifestFile = Buffer.buffer();
                part.handler(chunk -> {
                    if (manifestFile.length() + chunk.length() > MAX_MANIFEST_BYTES) {
                        fail(invalid("the manifest is larger than " + MAX_MANIFEST_BYTES + " bytes"));
                    } else {
                        manifestFile.appendBuffer(chunk);
                    }
                });
            } else {
                fail(invalid("unexpected part '" + part.name() + "'; send part 'file' and optionally 'manifest'"));
            }
        }

        private void writeChunk(HttpServerFileUpload part, Buffer chunk) {
            if (result.future().isComplete()) {
                return;
            }
            size += chunk.length();
            if (size > maxBytes) {
                fail(new ModelyardException(
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        "the upload is larger than allowed; the limit is " + maxBytes + " bytes",
                        Map.of("limit_bytes", maxBytes)));
                return;
            }
            digest.update(chunk.getBytes());
            file.write(chunk);
            if (file.writeQueueFull()) {
                part.pause();
                file.drainHandler(ignored -> part.resume());
            }
        }

        private void finish() {
            if (result.future().isComplete()) {
                return;
            }
            if (!filePartSeen) {
                fail(invalid("the upload has no part 'file'; send the model file as part 'file'"));
                return;
            }
            Optional<String> manifest = Optional.ofNullable(request.getFormAttribute(MANIFEST_PART))
                    .or(() -> Optional.ofNullable(manifestFile).map(buffer -> buffer.toString(StandardCharsets.UTF_8)))
                    .filter(text -> !text.isBlank());
            fileWritten
                    .compose(ignored -> file.close())
                    .onSuccess(ignored -> result.tryComplete(new UploadedFile(
                            stagingFile, HexFormat.of().formatHex(digest.digest()), size, fileName, manifest)))
                    .onFailure(this::fail);
        }

        private void fail(Throwable failure) {
            result.tryFail(failure);
        }

        private static ModelyardException invalid(String message) {
            return new ModelyardException(ErrorCode.INVALID_REQUEST, message, Map.of());
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }
    }
}

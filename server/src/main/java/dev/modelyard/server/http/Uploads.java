package dev.modelyard.server.http;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.blob.BlobStore;
import dev.modelyard.core.model.UploadedFile;
import dev.modelyard.core.user.Principal;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one way Modelyard takes a file upload: check the caller and the target before reading a
 * byte, stream the multipart file part to a blob staging file (hashed, size-limited), then hand
 * it to blocking work that consumes or deletes it. A refused upload costs no disk.
 */
public final class Uploads {
    /** Room for the multipart headers and a manifest around the file itself. */
    private static final long MULTIPART_OVERHEAD_BYTES = MultipartReceiver.MAX_MANIFEST_BYTES + 64 * 1024;

    private final Endpoints endpoints;
    private final MultipartReceiver receiver;
    private final BlobStore blobs;
    private final long maxUploadBytes;

    public Uploads(Endpoints endpoints, MultipartReceiver receiver, BlobStore blobs, long maxUploadBytes) {
        this.endpoints = requireNonNull(endpoints, "endpoints is null");
        this.receiver = requireNonNull(receiver, "receiver is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.maxUploadBytes = maxUploadBytes;
    }

    /** Checks, before the body is read, that the caller may upload here (blocking). */
    @FunctionalInterface
    public interface Precheck {
        void check(Principal principal) throws Exception;
    }

    /** Does the work with the received file (blocking) and returns the response body. */
    @FunctionalInterface
    public interface Completion {
        Object complete(Principal principal, UploadedFile upload) throws Exception;
    }

    /** {@code howTo}: how to send this upload, said when the request is not multipart. */
    public void handle(RoutingContext context, String howTo, Precheck precheck, Completion completion) {
        HttpServerRequest request = context.request();
        request.pause();
        try {
            MultipartReceiver.requireMultipart(request, howTo);
            requireDeclaredLengthWithinLimit(request);
        } catch (ModelyardException e) {
            endpoints.sendError(context, e, true);
            return;
        }
        endpoints
                .blocking(() -> {
                    Principal principal = endpoints.authenticate(request);
                    precheck.check(principal);
                    return new Start(principal, blobs.newStagingFile());
                })
                .onFailure(failure -> endpoints.sendError(context, failure, true))
                .onSuccess(start -> {
                    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                        context.response().writeContinue();
                    }
                    receiver.receive(request, start.stagingFile(), maxUploadBytes)
                            .onFailure(failure -> {
                                endpoints.blocking(() -> Files.deleteIfExists(start.stagingFile()));
                                endpoints.sendError(context, failure, true);
                            })
                            .onSuccess(uploaded -> endpoints
                                    .blocking(() -> {
                                        try {
                                            return endpoints.encode(completion.complete(start.principal(), uploaded));
                                        } finally {
                                            Files.deleteIfExists(uploaded.stagedFile());
                                        }
                                    })
                                    .onSuccess(json -> endpoints.sendJson(context.response(), 201, json))
                                    .onFailure(failure -> endpoints.sendError(context, failure, false)));
                });
    }

    private record Start(Principal principal, Path stagingFile) {}

    private void requireDeclaredLengthWithinLimit(HttpServerRequest request) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return;
        }
        if (length > maxUploadBytes + MULTIPART_OVERHEAD_BYTES) {
            throw new ModelyardException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "the upload is " + length + " bytes; the limit is " + maxUploadBytes + " bytes",
                    Map.of("limit_bytes", maxUploadBytes, "content_length", length));
        }
    }
}

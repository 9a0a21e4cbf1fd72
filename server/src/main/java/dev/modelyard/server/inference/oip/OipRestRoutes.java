package dev.modelyard.server.inference.oip;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.server.inference.Credentials;
import dev.modelyard.server.inference.InferenceCall;
import dev.modelyard.server.inference.InferenceGateway;
import dev.modelyard.server.inference.InferenceOutcome;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Open Inference Protocol's REST API on a Vert.x {@link Router}: health, server and model
 * metadata, model readiness and inference, with and without {@code /versions/{version}}. Everything
 * runs on the event loop (the {@link InferenceGateway} never blocks): the body is read with a size
 * limit, decoded by {@link OipJson}, and the gateway's answer encoded back. Every response carries
 * {@code x-request-id} (the client's, else the inference's request uuid, else a fresh one) and
 * every failure the body {@code {"error": "message"}} with the status of its {@link ErrorCode}.
 */
public final class OipRestRoutes {
    private static final Logger log = LoggerFactory.getLogger(OipRestRoutes.class);

    /** The request and response header that identifies a request. */
    public static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-request-id");

    private static final CharSequence API_KEY = HttpHeaders.createOptimized("x-api-key");
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final int MAX_CLIENT_REQUEST_ID_LENGTH = 256;

    /** The paths this class registers, in Vert.x syntax. */
    public static final List<String> PATHS = List.of(
            "/v2",
            "/v2/health/live",
            "/v2/health/ready",
            "/v2/models/:model",
            "/v2/models/:model/ready",
            "/v2/models/:model/infer",
            "/v2/models/:model/versions/:version",
            "/v2/models/:model/versions/:version/ready",
            "/v2/models/:model/versions/:version/infer");

    private final InferenceGateway gateway;
    private final long maxBodyBytes;

    /**
     * @param gateway what answers the calls
     * @param maxBodyBytes the largest inference request body accepted; larger ones get 413
     */
    public OipRestRoutes(InferenceGateway gateway, long maxBodyBytes) {
        this.gateway = requireNonNull(gateway, "gateway is null");
        if (maxBodyBytes <= 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and 2^31 - 9, not " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Registers the routes, and a last {@code /v2/*} route that answers unknown paths with 404. */
    public void register(Router router) {
        router.get("/v2").handler(this::serverMetadata);
        router.get("/v2/health/live").handler(this::live);
        router.get("/v2/health/ready").handler(this::ready);
        router.get("/v2/models/:model").handler(this::modelMetadata);
        router.get("/v2/models/:model/ready").handler(this::modelReady);
        router.post("/v2/models/:model/infer").handler(this::infer);
        router.get("/v2/models/:model/versions/:version").handler(this::modelMetadata);
        router.get("/v2/models/:model/versions/:version/ready").handler(this::modelReady);
        router.post("/v2/models/:model/versions/:version/infer").handler(this::infer);
        router.route("/v2/*").handler(this::unknown);
    }

    // ---------------------------------------------------------------- handlers

    private void serverMetadata(RoutingContext context) {
        send(
                context.response(),
                200,
                requestId(context.request(), null),
                Buffer.buffer(OipJson.serverMetadata(gateway.serverName(), gateway.serverVersion())));
    }

    private void live(RoutingContext context) {
        send(context.response(), 200, requestId(context.request(), null), Buffer.buffer(OipJson.flag("live", true)));
    }

    private void ready(RoutingContext context) {
        String requestId = requestId(context.request(), null);
        if (gateway.ready()) {
            send(context.response(), 200, requestId, Buffer.buffer(OipJson.flag("ready", true)));
        } else {
            send(
                    context.response(),
                    ErrorCode.UNAVAILABLE.httpStatus(),
                    requestId,
                    Buffer.buffer(OipJson.error("the server is not ready")));
        }
    }

    private void modelMetadata(RoutingContext context) {
        String requestId = requestId(context.request(), null);
        answer(
                context,
                requestId,
                () -> gateway.modelMetadata(credentials(context.request()), model(context), version(context)),
                metadata -> send(context.response(), 200, requestId, Buffer.buffer(OipJson.modelMetadata(metadata))));
    }

    private void modelReady(RoutingContext context) {
        String requestId = requestId(context.request(), null);
        String model = model(context);
        answer(
                context,
                requestId,
                () -> gateway.modelReady(credentials(context.request()), model, version(context)),
                ready -> {
                    if (Boolean.TRUE.equals(ready)) {
                        send(context.response(), 200, requestId, Buffer.buffer(OipJson.modelReady(model, true)));
                    } else {
                        send(
                                context.response(),
                                ErrorCode.UNAVAILABLE.httpStatus(),
                                requestId,
                                Buffer.buffer(OipJson.error("model '" + model + "' is not ready")));
                    }
                });
    }

    private void unknown(RoutingContext context) {
        HttpServerRequest request = context.request();
        sendError(
                context,
                requestId(request, null),
                new ModelyardException(
                        ErrorCode.NOT_FOUND,
                        "no such Open Inference Protocol endpoint: " + request.method() + " " + request.path()),
                true);
    }

    private void infer(RoutingContext context) {
        HttpServerRequest request = context.request();
        String clientRequestId = clientRequestId(request);
        if (context.body().available()) {
            // A body handler in front of these routes has read the body already.
            Buffer body = context.body().buffer();
            if (body != null && body.length() > maxBodyBytes) {
                sendError(context, fallbackId(clientRequestId), tooLarge(), false);
            } else {
                infer(context, clientRequestId, body == null ? new byte[0] : body.getBytes());
            }
            return;
        }
        long declared = declaredLength(request);
        if (declared > maxBodyBytes) {
            sendError(context, fallbackId(clientRequestId), tooLarge(), true);
            return;
        }
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            context.response().writeContinue();
        }
        BodyReader reader = new BodyReader(context, clientRequestId, declared);
        request.handler(reader);
        request.endHandler(reader::end);
        request.exceptionHandler(reader::fail);
        request.resume();
    }

    /** Collects the body up to the limit; answers 413 (and stops collecting) beyond it. */
    private final class BodyReader implements Handler<Buffer> {
        private final RoutingContext context;
        private final String clientRequestId;
        private Buffer body;
        private boolean rejected;

        BodyReader(RoutingContext context, String clientRequestId, long declared) {
            this.context = context;
            this.clientRequestId = clientRequestId;
            this.body = declared > 0 ? Buffer.buffer((int) declared) : null;
        }

        @Override
        public void handle(Buffer chunk) {
            if (rejected) {
                return;
            }
            int held = body == null ? 0 : body.length();
            if (held + (long) chunk.length() > maxBodyBytes) {
                rejected = true;
                body = null;
                sendError(context, fallbackId(clientRequestId), tooLarge(), true);
                return;
            }
            if (body == null) {
                body = Buffer.buffer(Math.max(chunk.length(), 256));
            }
            body.appendBuffer(chunk);
        }

        void end(Void ignored) {
            if (!rejected) {
                infer(context, clientRequestId, body == null ? new byte[0] : body.getBytes());
            }
        }

        void fail(Throwable failure) {
            rejected = true;
            body = null;
        }
    }

    private void infer(RoutingContext context, String clientRequestId, byte[] body) {
        InferenceCall call;
        try {
            call = OipJson.decodeInferRequest(body);
        } catch (RuntimeException e) {
            sendError(context, fallbackId(clientRequestId), e, false);
            return;
        }
        CompletionStage<InferenceOutcome> outcome;
        try {
            outcome = gateway.infer(credentials(context.request()), model(context), version(context), call);
        } catch (RuntimeException e) {
            sendError(context, fallbackId(clientRequestId), e, false);
            return;
        }
        Context vertxContext = Vertx.currentContext();
        outcome.whenComplete((result, failure) -> onContext(vertxContext, () -> {
            if (failure != null) {
                sendError(context, fallbackId(clientRequestId), failure, false);
                return;
            }
            HttpServerResponse response = context.response();
            if (response.ended() || response.closed()) {
                return;
            }
            Buffer json;
            try {
                json = Buffer.buffer(estimateSize(result));
                OipJson.writeInferResponse(new BufferOutput(json), result, call.id());
            } catch (RuntimeException e) {
                sendError(context, fallbackId(clientRequestId), e, false);
                return;
            }
            send(response, 200, clientRequestId != null ? clientRequestId : result.requestUuid(), json);
        }));
    }

    // ---------------------------------------------------------------- helpers

    /** Runs a gateway call and answers its result with {@code onSuccess}, its failure with an error. */
    private <T> void answer(
            RoutingContext context, String requestId, Supplier<CompletionStage<T>> call, Consumer<T> onSuccess) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            sendError(context, requestId, e, false);
            return;
        }
        Context vertxContext = Vertx.currentContext();
        stage.whenComplete((result, failure) -> onContext(vertxContext, () -> {
            if (failure != null) {
                sendError(context, requestId, failure, false);
            } else {
                try {
                    onSuccess.accept(result);
                } catch (RuntimeException e) {
                    sendError(context, requestId, e, false);
                }
            }
        }));
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    private static void send(HttpServerResponse response, int status, String requestId, Buffer json) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .putHeader(REQUEST_ID, requestId)
                .end(json);
    }

    /**
     * Sends {@code {"error": message}} with the failure's status; {@code closeConnection} when the
     * request body was not read (HTTP/1.x would take it for the next request).
     */
    private static void sendError(
            RoutingContext context, String requestId, Throwable failure, boolean closeConnection) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            context.request().connection().close();
            return;
        }
        Throwable cause = unwrap(failure);
        int status;
        String message;
        if (cause instanceof ModelyardException known) {
            status = known.code().httpStatus();
            message = known.getMessage();
        } else {
            status = 500;
            message = "internal error";
            log.error(
                    "internal error answering {} {} (x-request-id {})",
                    context.request().method(),
                    context.request().path(),
                    requestId,
                    cause);
        }
        if (closeConnection && context.request().version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            response.endHandler(ignored -> context.request().connection().close());
        }
        send(response, status, requestId, Buffer.buffer(OipJson.error(message)));
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private ModelyardException tooLarge() {
        return new ModelyardException(
                ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than the limit of " + maxBodyBytes + " bytes");
    }

    private static Credentials credentials(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String apiKey = request.getHeader(API_KEY);
        if (authorization == null && apiKey == null) {
            return Credentials.NONE;
        }
        return Credentials.fromHeaders(authorization, apiKey);
    }

    private static String model(RoutingContext context) {
        return context.pathParam("model");
    }

    private static Optional<String> version(RoutingContext context) {
        String version = context.pathParam("version");
        return version == null || version.isEmpty() ? Optional.empty() : Optional.of(version);
    }

    /** The client's {@code x-request-id}, if it sent a usable one. */
    private static String clientRequestId(HttpServerRequest request) {
        String id = request.getHeader(REQUEST_ID);
        if (id == null || id.isEmpty() || id.length() > MAX_CLIENT_REQUEST_ID_LENGTH || id.isBlank()) {
            return null;
        }
        return id;
    }

    private static String requestId(HttpServerRequest request, String fallback) {
        String id = clientRequestId(request);
        return id != null ? id : fallbackId(fallback);
    }

    private static String fallbackId(String id) {
        return id != null ? id : UUID.randomUUID().toString();
    }

    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A guess at the response size, so the buffer rarely grows: ~12 bytes a value. */
    private static int estimateSize(InferenceOutcome outcome) {
        long size = 256;
        for (var output : outcome.outputs()) {
            size += 64 + 12L * output.elementCount();
        }
        return (int) Math.min(size, 1 << 20);
    }

    /** Appends what Jackson writes (in one flush, from its own recycled buffer) to a Vert.x buffer. */
    private static final class BufferOutput extends OutputStream {
        private final Buffer buffer;

        BufferOutput(Buffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void write(int b) {
            buffer.appendByte((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            buffer.appendBytes(bytes, offset, length);
        }
    }
}

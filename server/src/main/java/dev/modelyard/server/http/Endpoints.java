package dev.modelyard.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.UserService;
import dev.modelyard.server.http.ErrorMapper.MappedError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registers API routes the one way Modelyard serves them. The event loop only reads the (bounded)
 * body and writes the response; authentication, the handler and JSON encoding run on a worker
 * thread, because they touch the database. Every failure goes through the {@link ErrorMapper}.
 */
public final class Endpoints {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([a-z_]+)}");
    private static final String BEARER = "bearer ";

    private final Vertx vertx;
    private final Router router;
    private final UserService users;
    private final ObjectMapper mapper;
    private final ErrorMapper errors;
    private final long maxJsonBytes;
    private final List<RouteDescription> routes = new ArrayList<>();

    public Endpoints(
            Vertx vertx, Router router, UserService users, ObjectMapper mapper, ErrorMapper errors, long maxJsonBytes) {
        this.vertx = requireNonNull(vertx, "vertx is null");
        this.router = requireNonNull(router, "router is null");
        this.users = requireNonNull(users, "users is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.maxJsonBytes = maxJsonBytes;
    }

    /** A JSON endpoint's logic; returns the response object, or null for an empty 204. */
    @FunctionalInterface
    public interface JsonHandler {
        Object handle(ApiCall call) throws Exception;
    }

    /**
     * An endpoint whose logic runs on the event loop and answers asynchronously; it must never
     * block. It checks credentials itself (inference endpoints use deployment access rules).
     */
    @FunctionalInterface
    public interface AsyncJsonHandler {
        CompletionStage<?> handle(RoutingContext context, byte[] body);
    }

    /** An endpoint that handles the raw request itself (uploads, downloads, static pages). */
    @FunctionalInterface
    public interface RawHandler {
        void handle(RoutingContext context);
    }

    /** An authenticated JSON endpoint answering {@code successStatus}. */
    public void json(HttpMethod method, String path, int successStatus, JsonHandler handler) {
        json(method, path, successStatus, maxJsonBytes, handler);
    }

    /** An authenticated JSON endpoint whose body may be up to {@code maxBodyBytes} (one holding images). */
    public void json(HttpMethod method, String path, int successStatus, long maxBodyBytes, JsonHandler handler) {
        register(
                method,
                path,
                context ->
                        readBody(context, maxBodyBytes, body -> dispatch(context, true, successStatus, handler, body)));
    }

    /** A JSON endpoint anyone may call. */
    public void publicJson(HttpMethod method, String path, JsonHandler handler) {
        register(method, path, context -> readBody(context, false, 200, handler));
    }

    /** A JSON endpoint that runs {@code handler} on the event loop with the (bounded) body. */
    public void asyncJson(HttpMethod method, String path, AsyncJsonHandler handler) {
        register(
                method,
                path,
                context -> readBody(context, body -> {
                    CompletionStage<?> answer;
                    try {
                        answer = handler.handle(context, body);
                    } catch (RuntimeException e) {
                        sendError(context, e, false);
                        return;
                    }
                    answer.whenComplete((result, failure) -> {
                        if (failure != null) {
                            sendError(context, failure, false);
                        } else {
                            sendJson(context.response(), 200, encode(result));
                        }
                    });
                }));
    }

    public void raw(HttpMethod method, String path, RawHandler handler) {
        register(method, path, handler::handle);
    }

    /** Every route registered, for the API document's test. */
    public List<RouteDescription> routes() {
        return List.copyOf(routes);
    }

    /** Authenticates the request's bearer token; blocking, so call it from a worker. */
    public Principal authenticate(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            throw new ModelyardException(
                    ErrorCode.UNAUTHENTICATED, "no API token: send 'Authorization: Bearer <token>'", Map.of());
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            throw new ModelyardException(
                    ErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <token>'", Map.of());
        }
        return users.authenticate(header.substring(BEARER.length()));
    }

    /** Runs blocking work on a worker thread. */
    public <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    public void sendJson(HttpServerResponse response, int status, Buffer json) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(json);
    }

    public Buffer encode(Object value) {
        try {
            return Buffer.buffer(mapper.writeValueAsBytes(value));
        } catch (Exception e) {
            throw new IllegalStateException("could not encode a response", e);
        }
    }

    /** Sends the error body for {@code failure}; {@code closeConnection} when the body was not read. */
    public void sendError(RoutingContext context, Throwable failure, boolean closeConnection) {
        MappedError mapped = errors.map(failure);
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            context.request().connection().close();
            return;
        }
        if (closeConnection && context.request().version() != HttpVersion.HTTP_2) {
            // HTTP/1.x: the unread body would be taken for the next request, so the connection
            // ends with this answer. HTTP/2 streams are independent; the others carry on.
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.endHandler(ignored -> context.request().connection().close());
        }
        sendJson(response, mapped.status(), encode(mapped.body()));
    }

    private void register(HttpMethod method, String path, RawHandler handler) {
        routes.add(new RouteDescription(method.name(), path));
        Matcher matcher = PATH_PARAMETER.matcher(path);
        String vertxPath = matcher.replaceAll(":$1");
        router.route(method, vertxPath).handler(handler::handle);
    }

    private void readBody(RoutingContext context, boolean authenticated, int successStatus, JsonHandler handler) {
        readBody(context, body -> dispatch(context, authenticated, successStatus, handler, body));
    }

    private void readBody(RoutingContext context, java.util.function.Consumer<byte[]> next) {
        readBody(context, maxJsonBytes, next);
    }

    /** Reads the body up to the limit (413 beyond it), then hands it on, on the event loop. */
    private void readBody(RoutingContext context, long limit, java.util.function.Consumer<byte[]> next) {
        HttpServerRequest request = context.request();
        String declaredLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declaredLength != null && parseLength(declaredLength) > limit) {
            sendError(context, tooLarge(limit), true);
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            context.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] rejected = {false};
        request.handler(chunk -> {
            if (rejected[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                rejected[0] = true;
                sendError(context, tooLarge(limit), true);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (!rejected[0]) {
                next.accept(body.getBytes());
            }
        });
        request.exceptionHandler(failure -> rejected[0] = true);
        request.resume();
    }

    private void dispatch(
            RoutingContext context, boolean authenticated, int successStatus, JsonHandler handler, byte[] body) {
        HttpServerRequest request = context.request();
        blocking(() -> {
                    Principal principal = authenticated ? authenticate(request) : null;
                    ApiCall call = new ApiCall(principal, context.pathParams(), request.params(), body, mapper);
                    Object result = handler.handle(call);
                    return result == null ? null : encode(result);
                })
                .onSuccess(json -> {
                    if (json == null) {
                        if (!context.response().ended()) {
                            context.response().setStatusCode(204).end();
                        }
                    } else {
                        sendJson(context.response(), successStatus, json);
                    }
                })
                .onFailure(failure -> sendError(context, failure, false));
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ModelyardException tooLarge(long limit) {
        return new ModelyardException(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "the JSON body is larger than the limit of " + limit + " bytes",
                Map.of("limit_bytes", limit));
    }
}

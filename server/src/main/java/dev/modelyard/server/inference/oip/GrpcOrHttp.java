package dev.modelyard.server.inference.oip;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.server.GrpcServer;

/**
 * Serves gRPC and plain HTTP on one port: requests whose content type is {@code application/grpc…}
 * (gRPC, gRPC-Web) go to the {@link GrpcServer}, all others to the HTTP handler (the router). Use
 * it as the server's request handler: {@code httpServer.requestHandler(new GrpcOrHttp(grpc,
 * router))}. gRPC needs HTTP/2: over cleartext the server must accept h2c (Vert.x does by default).
 */
public final class GrpcOrHttp implements Handler<HttpServerRequest> {
    private static final String GRPC_CONTENT_TYPE = "application/grpc";

    private final GrpcServer grpc;
    private final Handler<HttpServerRequest> http;

    public GrpcOrHttp(GrpcServer grpc, Handler<HttpServerRequest> http) {
        this.grpc = requireNonNull(grpc, "grpc is null");
        this.http = requireNonNull(http, "http is null");
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (isGrpc(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            grpc.handle(request);
        } else {
            http.handle(request);
        }
    }

    /** Whether a content type is gRPC's: {@code application/grpc}, {@code application/grpc+proto}, gRPC-Web. */
    static boolean isGrpc(String contentType) {
        return contentType != null
                && contentType.regionMatches(true, 0, GRPC_CONTENT_TYPE, 0, GRPC_CONTENT_TYPE.length())
                && (contentType.length() == GRPC_CONTENT_TYPE.length()
                        || contentType.charAt(GRPC_CONTENT_TYPE.length()) == '+'
                        || contentType.charAt(GRPC_CONTENT_TYPE.length()) == '-'
                        || contentType.charAt(GRPC_CONTENT_TYPE.length()) == ';');
    }
}

package dev.modelyard.bench;

import dev.modelyard.server.inference.grpc.InferTensorContents;
import dev.modelyard.server.inference.grpc.ModelInferResponse;
import dev.modelyard.server.inference.oip.OipGrpcService;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.server.GrpcServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP floor: a bare Vert.x HTTP server that answers {@code POST /v2/models/floor/infer} with a fixed,
 * precomputed OIP response after reading and discarding the body. It is set up as {@code ModelyardServer} sets up
 * its server: {@code Vertx.vertx} with default event loops (2 × cores) and one {@link HttpServer} created outside a
 * verticle, compression supported; what it leaves out is routing, JSON, authorization and the inference itself.
 * Requests with a gRPC content type go to a bare {@link GrpcServer} whose {@code ModelInfer} answers a fixed
 * response without looking at the request: the gRPC floor.
 *
 * <p>Options: {@code --port 0 --host 127.0.0.1}. Prints {@code HttpFloor listening on PORT}.
 */
public final class HttpFloor {
    /** What Modelyard answers for one wine row, with fixed ids. */
    static final String RESPONSE = "{\"model_name\":\"floor\",\"model_version\":\"1.0.0\","
            + "\"id\":\"0b6f4a52-7c1e-4d7e-9a3b-2f1c8d5e6a70\",\"parameters\":{},\"outputs\":[{\"name\":"
            + "\"probabilities\",\"datatype\":\"FP32\",\"shape\":[1,3],\"parameters\":{},"
            + "\"data\":[0.9021836,0.06318917,0.034627214]}]}";

    private HttpFloor() {}

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(20));
        Buffer body = Buffer.buffer(RESPONSE.getBytes(StandardCharsets.UTF_8));
        String length = Integer.toString(body.length());
        GrpcServer grpc = GrpcServer.server(vertx);
        ModelInferResponse answer = ModelInferResponse.newBuilder()
                .setModelName("floor")
                .setModelVersion("1.0.0")
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("probabilities")
                        .setDatatype("FP32")
                        .addShape(1)
                        .addShape(3)
                        .setContents(InferTensorContents.newBuilder()
                                .addFp32Contents(0.9021836f)
                                .addFp32Contents(0.06318917f)
                                .addFp32Contents(0.034627214f)))
                .build();
        grpc.callHandler(
                OipGrpcService.MODEL_INFER,
                call -> call.handler(message -> call.response().end(answer)));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
                .requestHandler(request -> {
                    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
                    if (type != null && type.startsWith("application/grpc")) {
                        grpc.handle(request);
                    } else {
                        handle(request, body, length);
                    }
                })
                .listen(args.number("port", 0), args.text("host", "127.0.0.1"))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        System.out.println("HttpFloor listening on " + server.actualPort());
        System.out.println("HttpFloor event loops: " + new VertxOptions().getEventLoopPoolSize());
    }

    private static void handle(HttpServerRequest request, Buffer body, String length) {
        if (request.method() != HttpMethod.POST || !"/v2/models/floor/infer".equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.handler(ignored -> {});
        request.endHandler(ended -> request.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONTENT_LENGTH, length)
                .putHeader("x-request-id", "0b6f4a52-7c1e-4d7e-9a3b-2f1c8d5e6a70")
                .end(body));
    }
}

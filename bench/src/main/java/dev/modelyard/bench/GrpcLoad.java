package dev.modelyard.bench;

import dev.modelyard.server.inference.grpc.InferTensorContents;
import dev.modelyard.server.inference.grpc.ModelInferRequest;
import dev.modelyard.server.inference.grpc.ModelInferResponse;
import dev.modelyard.server.inference.oip.OipGrpcService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop gRPC load client: {@code concurrency} outstanding OIP {@code ModelInfer} calls (1×N FP32) spread
 * over {@code connections} HTTP/2 connections, each connection on its own event loop. Calls that start during the
 * warm-up are not counted. Prints one {@code RESULT} line.
 *
 * <p>Two clients: {@code --client grpc} (the default) is Vert.x's {@link GrpcClient}, encoding each request and
 * decoding each response with protobuf; {@code --client h2} is a bare Vert.x HTTP/2 client that posts the
 * pre-encoded gRPC frame and only checks the {@code grpc-status} trailer, so that less of the machine goes to the
 * load generator.
 *
 * <p>Options: {@code --port P --host 127.0.0.1 --model wine --features 13 --concurrency 64 --connections 2
 * --warmup 5 --duration 15 --label grpc --client grpc}.
 */
public final class GrpcLoad {
    private static final ServiceMethod<ModelInferResponse, ModelInferRequest> MODEL_INFER = ServiceMethod.client(
            OipGrpcService.SERVICE,
            "ModelInfer",
            GrpcMessageEncoder.encoder(),
            GrpcMessageDecoder.decoder(ModelInferResponse.getDefaultInstance()));

    private GrpcLoad() {}

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        SocketAddress server =
                SocketAddress.inetSocketAddress(args.number("port", 8080), args.text("host", "127.0.0.1"));
        String model = args.text("model", "wine");
        int features = args.number("features", 13);
        int concurrency = args.number("concurrency", 64);
        int connections = Math.min(concurrency, args.number("connections", 2));
        double warmupSeconds = args.decimal("warmup", 5);
        double durationSeconds = args.decimal("duration", 15);
        String label = args.text("label", "grpc");
        boolean bare = "h2".equals(args.text("client", "grpc"));

        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (float value : Inputs.row(features)) {
            contents.addFp32Contents(value);
        }
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName(model)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("input")
                        .setDatatype("FP32")
                        .addShape(1)
                        .addShape(features)
                        .setContents(contents))
                .build();
        byte[] message = request.toByteArray();
        Buffer frame = Buffer.buffer(5 + message.length)
                .appendByte((byte) 0)
                .appendInt(message.length)
                .appendBytes(message);
        RequestOptions post = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(server)
                .setURI("/" + OipGrpcService.SERVICE.fullyQualifiedName() + "/ModelInfer")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/grpc")
                .putHeader("te", "trailers");

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(connections));
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long measureUntil = measureFrom + (long) (durationSeconds * 1e9);
        AtomicLong errors = new AtomicLong();
        List<Connection> all = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(concurrency);
        for (int index = 0; index < connections; index++) {
            int streams = concurrency / connections + (index < concurrency % connections ? 1 : 0);
            Connection connection = new Connection(
                    vertx.getOrCreateContext(), server, request, post, frame, bare, measureFrom, measureUntil, errors);
            all.add(connection);
            connection.context.runOnContext(ignored -> {
                // Options given here replace the client's defaults: h2c with prior knowledge must be asked for again.
                HttpClientOptions h2c = new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_2)
                        .setHttp2ClearTextUpgrade(false);
                if (bare) {
                    connection.http = vertx.createHttpClient(h2c, new PoolOptions().setHttp2MaxSize(1));
                } else {
                    connection.client = GrpcClient.client(vertx, h2c);
                }
                for (int stream = 0; stream < streams; stream++) {
                    connection.next(finished);
                }
            });
        }
        if (!finished.await((long) (warmupSeconds + durationSeconds + 60), TimeUnit.SECONDS)) {
            System.out.println("# GrpcLoad: some calls never finished");
        }
        Latencies latencies = new Latencies();
        long counted = 0;
        for (Connection connection : all) {
            latencies.addAll(connection.latencies);
            counted += connection.latencies.size();
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT name=%s client=%s model=%s concurrency=%d connections=%d rps=%.0f %s requests=%d errors=%d%n",
                label,
                bare ? "h2" : "grpc",
                model,
                concurrency,
                connections,
                counted / durationSeconds,
                latencies.summary(),
                counted,
                errors.get());
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The whole response, failed unless it is HTTP 200 with gRPC status 0. */
    private static Future<Buffer> ok(HttpClientResponse response) {
        return response.body().compose(body -> {
            // A call that fails at once may answer "trailers-only": the status comes in the headers.
            String status = response.getHeader("grpc-status") != null
                    ? response.getHeader("grpc-status")
                    : response.getTrailer("grpc-status");
            if (response.statusCode() != 200 || !"0".equals(status)) {
                return Future.failedFuture("HTTP " + response.statusCode() + ", grpc-status " + status + ": "
                        + response.getHeader("grpc-message") + " " + response.getTrailer("grpc-message"));
            }
            return Future.succeededFuture(body);
        });
    }

    /** One HTTP/2 connection (one client, pool size 1) and the streams that run on its event loop. */
    private static final class Connection {
        final Context context;
        final SocketAddress server;
        final ModelInferRequest request;
        final RequestOptions post;
        final Buffer frame;
        final boolean bare;
        final long measureFrom;
        final long measureUntil;
        final AtomicLong errors;
        final Latencies latencies = new Latencies();
        GrpcClient client;
        HttpClient http;

        Connection(
                Context context,
                SocketAddress server,
                ModelInferRequest request,
                RequestOptions post,
                Buffer frame,
                boolean bare,
                long measureFrom,
                long measureUntil,
                AtomicLong errors) {
            this.context = context;
            this.server = server;
            this.request = request;
            this.post = post;
            this.frame = frame;
            this.bare = bare;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            this.errors = errors;
        }

        /** Sends one call and, when it ends, the next, until the measurement window closes. */
        void next(CountDownLatch finished) {
            long sent = System.nanoTime();
            if (sent >= measureUntil) {
                finished.countDown();
                return;
            }
            Future<?> call = bare
                    ? http.request(post).compose(sending -> sending.send(frame)).compose(GrpcLoad::ok)
                    : client.request(server, MODEL_INFER)
                            .compose(sending -> sending.send(request).compose(response -> response.last()));
            call.onComplete(outcome -> {
                long now = System.nanoTime();
                if (outcome.failed()) {
                    if (errors.getAndIncrement() < 5) {
                        System.out.println("# GrpcLoad error: " + outcome.cause());
                    }
                } else if (sent >= measureFrom && now <= measureUntil) {
                    latencies.add(now - sent);
                }
                next(finished);
            });
        }
    }
}

package dev.modelyard.server.inference.oip;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.Tensor;
import dev.modelyard.server.inference.grpc.InferParameter;
import dev.modelyard.server.inference.grpc.InferTensorContents;
import dev.modelyard.server.inference.grpc.ModelInferRequest;
import dev.modelyard.server.inference.grpc.ModelInferResponse;
import dev.modelyard.server.inference.grpc.ModelMetadataRequest;
import dev.modelyard.server.inference.grpc.ModelMetadataResponse;
import dev.modelyard.server.inference.grpc.ModelReadyRequest;
import dev.modelyard.server.inference.grpc.ModelReadyResponse;
import dev.modelyard.server.inference.grpc.ServerLiveRequest;
import dev.modelyard.server.inference.grpc.ServerLiveResponse;
import dev.modelyard.server.inference.grpc.ServerMetadataRequest;
import dev.modelyard.server.inference.grpc.ServerMetadataResponse;
import dev.modelyard.server.inference.grpc.ServerReadyRequest;
import dev.modelyard.server.inference.grpc.ServerReadyResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC service through {@link GrpcOrHttp}, on the same port as the REST routes. */
class OipGrpcServiceTest {
    private static Vertx vertx;
    private static HttpServer server;
    private static GrpcClient client;
    private static SocketAddress address;
    private static TestingGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        gateway = new TestingGateway();
        Router router = Router.router(vertx);
        new OipRestRoutes(gateway, 1 << 20).register(router);
        GrpcServer grpc = GrpcServer.server(vertx);
        new OipGrpcService(gateway).register(grpc);
        server = vertx.createHttpServer()
                .requestHandler(new GrpcOrHttp(grpc, router))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        address = SocketAddress.inetSocketAddress(server.actualPort(), "127.0.0.1");
        client = GrpcClient.client(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void reset() {
        gateway.ready = true;
    }

    /** What a call answered: its status, message, headers and (on OK) the response. */
    record Answer<T>(GrpcStatus status, String message, MultiMap headers, T response) {}

    private static <Req extends Message, Resp extends Message> Answer<Resp> call(
            String method, Req request, Resp prototype, Map<String, String> metadata) throws Exception {
        ServiceMethod<Resp, Req> serviceMethod = ServiceMethod.client(
                OipGrpcService.SERVICE, method, GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(prototype));
        Future<Answer<Resp>> answer = client.request(address, serviceMethod).compose(grpcRequest -> {
            metadata.forEach((key, value) -> grpcRequest.headers().set(key, value));
            return grpcRequest.send(request).compose(grpcResponse -> {
                Promise<Answer<Resp>> promise = Promise.promise();
                List<Resp> messages = new ArrayList<>();
                grpcResponse.handler(messages::add);
                grpcResponse.exceptionHandler(promise::tryFail);
                grpcResponse.endHandler(ignored -> promise.tryComplete(new Answer<>(
                        grpcResponse.status(),
                        grpcResponse.statusMessage(),
                        grpcResponse.headers(),
                        messages.isEmpty() ? null : messages.get(0))));
                return promise.future();
            });
        });
        return answer.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <Req extends Message, Resp extends Message> Answer<Resp> call(
            String method, Req request, Resp prototype) throws Exception {
        return call(method, request, prototype, Map.of());
    }

    private static <T> T ok(Answer<T> answer) {
        assertThat(answer.status()).as(answer.message()).isEqualTo(GrpcStatus.OK);
        return answer.response();
    }

    @Test
    void servesServerLivenessReadinessAndMetadata() throws Exception {
        assertThat(ok(call(
                                "ServerLive",
                                ServerLiveRequest.getDefaultInstance(),
                                ServerLiveResponse.getDefaultInstance()))
                        .getLive())
                .isTrue();
        assertThat(ok(call(
                                "ServerReady",
                                ServerReadyRequest.getDefaultInstance(),
                                ServerReadyResponse.getDefaultInstance()))
                        .getReady())
                .isTrue();
        gateway.ready = false;
        assertThat(ok(call(
                                "ServerReady",
                                ServerReadyRequest.getDefaultInstance(),
                                ServerReadyResponse.getDefaultInstance()))
                        .getReady())
                .isFalse();
        ServerMetadataResponse metadata = ok(call(
                "ServerMetadata",
                ServerMetadataRequest.getDefaultInstance(),
                ServerMetadataResponse.getDefaultInstance()));
        assertThat(metadata.getName()).isEqualTo("modelyard");
        assertThat(metadata.getVersion()).isEqualTo("0.1.0-test");
        assertThat(metadata.getExtensionsList()).isEmpty();
    }

    @Test
    void servesModelReadinessAndMetadata() throws Exception {
        ModelReadyResponse ready = ok(call(
                "ModelReady",
                ModelReadyRequest.newBuilder().setName("iris").build(),
                ModelReadyResponse.getDefaultInstance()));
        assertThat(ready.getReady()).isTrue();
        assertThat(gateway.lastRelease).isEmpty();
        assertThat(ok(call(
                                "ModelReady",
                                ModelReadyRequest.newBuilder()
                                        .setName("sleepy")
                                        .setVersion("r1")
                                        .build(),
                                ModelReadyResponse.getDefaultInstance()))
                        .getReady())
                .isFalse();
        assertThat(gateway.lastRelease).contains("r1");

        ModelMetadataResponse metadata = ok(call(
                "ModelMetadata",
                ModelMetadataRequest.newBuilder().setName("iris").build(),
                ModelMetadataResponse.getDefaultInstance(),
                Map.of("authorization", "Bearer tok", "x-api-key", "key")));
        assertThat(metadata.getName()).isEqualTo("iris");
        assertThat(metadata.getVersionsList()).containsExactly("r2", "r1");
        assertThat(metadata.getPlatform()).isEqualTo("onnx_onnxv1");
        assertThat(metadata.getInputs(0).getName()).isEqualTo("x");
        assertThat(metadata.getInputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(metadata.getInputs(0).getShapeList()).containsExactly(-1L, 13L);
        assertThat(metadata.getOutputsList())
                .extracting(ModelMetadataResponse.TensorMetadata::getName)
                .containsExactly("y", "label");
        assertThat(gateway.lastCredentials.bearer()).contains("tok");
        assertThat(gateway.lastCredentials.apiKey()).contains("key");

        Answer<ModelMetadataResponse> missing = call(
                "ModelMetadata",
                ModelMetadataRequest.newBuilder().setName("missing").build(),
                ModelMetadataResponse.getDefaultInstance());
        assertThat(missing.status()).isEqualTo(GrpcStatus.NOT_FOUND);
        assertThat(missing.message()).contains("no deployment 'missing'");
    }

    private static ModelInferRequest.InferInputTensor.Builder input(String name, String datatype, long... shape) {
        ModelInferRequest.InferInputTensor.Builder input =
                ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
        for (long dimension : shape) {
            input.addShape(dimension);
        }
        return input;
    }

    @Test
    void infersWithTypedContents() throws Exception {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName("iris")
                .setId("req-9")
                .putParameters(
                        "temperature",
                        InferParameter.newBuilder().setDoubleParam(0.5).build())
                .addInputs(input("x", "FP32", 1, 3)
                        .setContents(InferTensorContents.newBuilder()
                                .addFp32Contents(0.1f)
                                .addFp32Contents(2f)
                                .addFp32Contents(-3.5f)))
                .addInputs(input("b", "BOOL", 2)
                        .setContents(InferTensorContents.newBuilder()
                                .addBoolContents(true)
                                .addBoolContents(false)))
                .addInputs(input("u8", "UINT8", 2)
                        .setContents(InferTensorContents.newBuilder()
                                .addUintContents(0)
                                .addUintContents(255)))
                .addInputs(input("i16", "INT16", 1)
                        .setContents(InferTensorContents.newBuilder().addIntContents(-32768)))
                .addInputs(input("u32", "UINT32", 1)
                        .setContents(InferTensorContents.newBuilder().addUintContents(-1)))
                .addInputs(input("i64", "INT64", 1)
                        .setContents(InferTensorContents.newBuilder().addInt64Contents(Long.MIN_VALUE)))
                .addInputs(input("u64", "UINT64", 1)
                        .setContents(InferTensorContents.newBuilder().addUint64Contents(-1L)))
                .addInputs(input("d", "FP64", 1)
                        .setContents(InferTensorContents.newBuilder().addFp64Contents(1e300)))
                .addInputs(input("s", "BYTES", 1)
                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("hé"))))
                .build();
        Answer<ModelInferResponse> answer = call("ModelInfer", request, ModelInferResponse.getDefaultInstance());
        ModelInferResponse response = ok(answer);
        assertThat(response.getModelName()).isEqualTo("iris");
        assertThat(response.getModelVersion()).isEqualTo("r2");
        assertThat(response.getId()).isEqualTo("req-9");
        assertThat(response.getParametersOrThrow("request_uuid").getStringParam())
                .isEqualTo(TestingGateway.UUID);
        assertThat(answer.headers().get("x-request-id")).isEqualTo(TestingGateway.UUID);
        assertThat(response.getRawOutputContentsList()).isEmpty();
        assertThat(response.getOutputsList())
                .extracting(ModelInferResponse.InferOutputTensor::getName)
                .containsExactly("x", "b", "u8", "i16", "u32", "i64", "u64", "d", "s");
        ModelInferResponse.InferOutputTensor x = response.getOutputs(0);
        assertThat(x.getDatatype()).isEqualTo("FP32");
        assertThat(x.getShapeList()).containsExactly(1L, 3L);
        assertThat(x.getContents().getFp32ContentsList()).containsExactly(0.1f, 2f, -3.5f);
        assertThat(response.getOutputs(1).getContents().getBoolContentsList()).containsExactly(true, false);
        assertThat(response.getOutputs(2).getContents().getUintContentsList()).containsExactly(0, 255);
        assertThat(response.getOutputs(3).getContents().getIntContentsList()).containsExactly(-32768);
        assertThat(response.getOutputs(4).getContents().getUintContentsList()).containsExactly(-1);
        assertThat(response.getOutputs(5).getContents().getInt64ContentsList()).containsExactly(Long.MIN_VALUE);
        assertThat(response.getOutputs(6).getContents().getUint64ContentsList()).containsExactly(-1L);
        assertThat(response.getOutputs(7).getContents().getFp64ContentsList()).containsExactly(1e300);
        assertThat(response.getOutputs(8).getContents().getBytesContents(0).toStringUtf8())
                .isEqualTo("hé");

        Tensor u32 = gateway.lastCall.inputs().get(4);
        assertThat(u32.values()).isEqualTo(new long[] {4294967295L});
        assertThat(gateway.lastCall.parameters()).isEqualTo(Map.of("temperature", 0.5));
        assertThat(gateway.lastCall.id()).contains("req-9");
    }

    @Test
    void infersWithRawInputContentsAndOutputSelection() throws Exception {
        ByteBuffer floats = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        floats.putFloat(1.5f).putFloat(-2f);
        ByteBuffer shorts = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        shorts.putShort((short) -7).putShort((short) 0xFFFF);
        ByteBuffer strings = ByteBuffer.allocate(4 + 3 + 4).order(ByteOrder.LITTLE_ENDIAN);
        strings.putInt(3).put(new byte[] {'a', 'b', 'c'}).putInt(0);
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName("iris")
                .setModelVersion("r1")
                .addInputs(input("x", "FP32", 1, 2))
                .addInputs(input("u16", "UINT16", 2))
                .addInputs(input("s", "BYTES", 2))
                .addRawInputContents(ByteString.copyFrom(floats.array()))
                .addRawInputContents(ByteString.copyFrom(shorts.array()))
                .addRawInputContents(ByteString.copyFrom(strings.array()))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                        .setName("x"))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                        .setName("u16"))
                .build();
        ModelInferResponse response = ok(call("ModelInfer", request, ModelInferResponse.getDefaultInstance()));
        assertThat(response.getModelVersion()).isEqualTo("r1");
        assertThat(response.getId()).isEqualTo(TestingGateway.UUID);
        assertThat(response.getOutputsList())
                .extracting(ModelInferResponse.InferOutputTensor::getName)
                .containsExactly("x", "u16");
        assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(1.5f, -2f);
        assertThat(response.getOutputs(1).getContents().getUintContentsList()).containsExactly(0xFFF9, 0xFFFF);
        assertThat(gateway.lastCall.outputs()).containsExactlyInAnyOrder("x", "u16");
        Tensor u16 = gateway.lastCall.inputs().get(1);
        assertThat(u16.datatype()).isEqualTo(DataType.UINT16);
        assertThat(u16.values()).isEqualTo(new int[] {0xFFF9, 0xFFFF});
        assertThat((byte[][]) gateway.lastCall.inputs().get(2).values())
                .isDeepEqualTo(new byte[][] {{'a', 'b', 'c'}, {}});
        assertThat(gateway.lastRelease).contains("r1");
    }

    private static Answer<ModelInferResponse> infer(ModelInferRequest request, Map<String, String> metadata)
            throws Exception {
        return call("ModelInfer", request, ModelInferResponse.getDefaultInstance(), metadata);
    }

    private static ModelInferRequest simple(String model) {
        return ModelInferRequest.newBuilder()
                .setModelName(model)
                .addInputs(input("x", "FP32", 1)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1f)))
                .build();
    }

    @Test
    void rejectsInvalidRequestsWithInvalidArgument() throws Exception {
        Answer<ModelInferResponse> both = infer(
                ModelInferRequest.newBuilder()
                        .setModelName("iris")
                        .addInputs(input("x", "FP32", 1)
                                .setContents(InferTensorContents.newBuilder().addFp32Contents(1f)))
                        .addRawInputContents(ByteString.copyFrom(new byte[4]))
                        .build(),
                Map.of());
        assertThat(both.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
        assertThat(both.message()).contains("input 'x'").contains("raw_input_contents");

        Answer<ModelInferResponse> count = infer(
                ModelInferRequest.newBuilder()
                        .setModelName("iris")
                        .addInputs(input("x", "FP32", 2)
                                .setContents(InferTensorContents.newBuilder().addFp32Contents(1f)))
                        .build(),
                Map.of());
        assertThat(count.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
        assertThat(count.message()).contains("input 'x'").contains("needs 2 FP32 values but fp32_contents has 1");

        Answer<ModelInferResponse> rawSize = infer(
                ModelInferRequest.newBuilder()
                        .setModelName("iris")
                        .addInputs(input("x", "FP64", 2))
                        .addRawInputContents(ByteString.copyFrom(new byte[12]))
                        .build(),
                Map.of());
        assertThat(rawSize.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
        assertThat(rawSize.message())
                .contains("input 'x'")
                .contains("has 12 bytes")
                .contains("needs 16");

        Answer<ModelInferResponse> range = infer(
                ModelInferRequest.newBuilder()
                        .setModelName("iris")
                        .addInputs(input("p", "INT8", 1)
                                .setContents(InferTensorContents.newBuilder().addIntContents(200)))
                        .build(),
                Map.of());
        assertThat(range.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
        assertThat(range.message()).contains("input 'p': value 200 at index 0 is out of range for INT8");

        Answer<ModelInferResponse> datatype = infer(
                ModelInferRequest.newBuilder()
                        .setModelName("iris")
                        .addInputs(input("x", "FLOAT", 1))
                        .build(),
                Map.of());
        assertThat(datatype.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
        assertThat(datatype.message()).contains("unknown datatype 'FLOAT'");

        Answer<ModelInferResponse> negative = infer(
                ModelInferRequest.newBuilder()
                        .setModelName("iris")
                        .addInputs(input("x", "FP32", -1, 2))
                        .build(),
                Map.of());
        assertThat(negative.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
        assertThat(negative.message()).contains("negative");

        assertThat(infer(ModelInferRequest.newBuilder().setModelName("iris").build(), Map.of())
                        .status())
                .isEqualTo(GrpcStatus.INVALID_ARGUMENT);
        assertThat(infer(simple(""), Map.of()).status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    }

    @Test
    void mapsGatewayFailuresToStatuses() throws Exception {
        assertThat(infer(simple("missing"), Map.of()).status()).isEqualTo(GrpcStatus.NOT_FOUND);
        Answer<ModelInferResponse> busy = infer(simple("busy"), Map.of());
        assertThat(busy.status()).isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(busy.message()).contains("loading").contains("retry");
        assertThat(infer(simple("locked"), Map.of()).status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
        assertThat(infer(simple("locked"), Map.of("authorization", "Bearer nope"))
                        .status())
                .isEqualTo(GrpcStatus.PERMISSION_DENIED);
        assertThat(infer(simple("locked"), Map.of("authorization", "Bearer good"))
                        .status())
                .isEqualTo(GrpcStatus.OK);
        assertThat(infer(simple("locked"), Map.of("x-api-key", "good")).status())
                .isEqualTo(GrpcStatus.OK);
        Answer<ModelInferResponse> boom = infer(simple("boom"), Map.of());
        assertThat(boom.status()).isEqualTo(GrpcStatus.INTERNAL);
        assertThat(boom.message()).contains("internal error").doesNotContain("something broke");
        assertThat(infer(simple("throws"), Map.of()).status()).isEqualTo(GrpcStatus.INTERNAL);
        assertThat(infer(simple("async"), Map.of()).status()).isEqualTo(GrpcStatus.OK);
    }

    @Test
    void answersUnknownMethodsWithUnimplemented() throws Exception {
        Answer<ServerLiveResponse> answer =
                call("NoSuchMethod", ServerLiveRequest.getDefaultInstance(), ServerLiveResponse.getDefaultInstance());
        assertThat(answer.status()).isEqualTo(GrpcStatus.UNIMPLEMENTED);
    }

    @Test
    void servesRestOnTheSamePort() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> live = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/v2/health/live"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"live\":true}");
    }
}

package dev.modelyard.server.inference.oip;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.Tensor;
import dev.modelyard.server.inference.Credentials;
import dev.modelyard.server.inference.InferenceCall;
import dev.modelyard.server.inference.InferenceGateway;
import dev.modelyard.server.inference.InferenceOutcome;
import dev.modelyard.server.inference.ModelMetadataView;
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
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Open Inference Protocol's gRPC service ({@code inference.GRPCInferenceService}) on a Vert.x
 * {@link GrpcServer}: the six unary RPCs, answered through the {@link InferenceGateway} on the
 * event loop. Inputs come as typed {@code contents} or as {@code raw_input_contents}
 * (little-endian); outputs go back as typed {@code contents}. Failures end the call with the gRPC
 * status of their {@link ErrorCode} (see {@link #status(ErrorCode)}); credentials come from the
 * {@code authorization} and {@code x-api-key} metadata.
 */
public final class OipGrpcService {
    private static final Logger log = LoggerFactory.getLogger(OipGrpcService.class);

    public static final ServiceName SERVICE = ServiceName.create("inference", "GRPCInferenceService");

    public static final ServiceMethod<ServerLiveRequest, ServerLiveResponse> SERVER_LIVE =
            method("ServerLive", ServerLiveRequest.getDefaultInstance());
    public static final ServiceMethod<ServerReadyRequest, ServerReadyResponse> SERVER_READY =
            method("ServerReady", ServerReadyRequest.getDefaultInstance());
    public static final ServiceMethod<ModelReadyRequest, ModelReadyResponse> MODEL_READY =
            method("ModelReady", ModelReadyRequest.getDefaultInstance());
    public static final ServiceMethod<ServerMetadataRequest, ServerMetadataResponse> SERVER_METADATA =
            method("ServerMetadata", ServerMetadataRequest.getDefaultInstance());
    public static final ServiceMethod<ModelMetadataRequest, ModelMetadataResponse> MODEL_METADATA =
            method("ModelMetadata", ModelMetadataRequest.getDefaultInstance());
    public static final ServiceMethod<ModelInferRequest, ModelInferResponse> MODEL_INFER =
            method("ModelInfer", ModelInferRequest.getDefaultInstance());

    private static final String AUTHORIZATION = "authorization";
    private static final String API_KEY = "x-api-key";
    private static final String REQUEST_ID = "x-request-id";

    private final InferenceGateway gateway;

    public OipGrpcService(InferenceGateway gateway) {
        this.gateway = requireNonNull(gateway, "gateway is null");
    }

    /** Registers the six RPCs' handlers on {@code server}. */
    public void register(GrpcServer server) {
        server.callHandler(
                SERVER_LIVE,
                request -> request.handler(message -> request.response()
                        .end(ServerLiveResponse.newBuilder().setLive(true).build())));
        server.callHandler(
                SERVER_READY,
                request -> request.handler(message -> request.response()
                        .end(ServerReadyResponse.newBuilder()
                                .setReady(gateway.ready())
                                .build())));
        server.callHandler(
                SERVER_METADATA,
                request -> request.handler(message -> request.response()
                        .end(ServerMetadataResponse.newBuilder()
                                .setName(gateway.serverName())
                                .setVersion(gateway.serverVersion())
                                .build())));
        server.callHandler(
                MODEL_READY,
                request -> request.handler(message -> answer(
                        request,
                        () -> gateway.modelReady(
                                credentials(request), requireModel(message.getName()), optional(message.getVersion())),
                        ready -> ModelReadyResponse.newBuilder()
                                .setReady(Boolean.TRUE.equals(ready))
                                .build())));
        server.callHandler(
                MODEL_METADATA,
                request -> request.handler(message -> answer(
                        request,
                        () -> gateway.modelMetadata(
                                credentials(request), requireModel(message.getName()), optional(message.getVersion())),
                        OipGrpcService::toMetadataResponse)));
        server.callHandler(
                MODEL_INFER,
                request -> request.handler(message -> answer(
                        request,
                        () -> gateway.infer(
                                credentials(request),
                                requireModel(message.getModelName()),
                                optional(message.getModelVersion()),
                                toCall(message)),
                        outcome -> {
                            request.response().headers().set(REQUEST_ID, outcome.requestUuid());
                            return toInferResponse(outcome, optional(message.getId()));
                        })));
    }

    private interface Call<T> {
        CompletionStage<T> start();
    }

    private <Req, Resp, T> void answer(
            GrpcServerRequest<Req, Resp> request, Call<T> call, Function<T, Resp> toResponse) {
        CompletionStage<T> stage;
        try {
            stage = call.start();
        } catch (RuntimeException e) {
            fail(request.response(), request.fullMethodName(), e);
            return;
        }
        Context context = Vertx.currentContext();
        stage.whenComplete((result, failure) -> {
            Runnable respond = () -> {
                GrpcServerResponse<Req, Resp> response = request.response();
                if (failure != null) {
                    fail(response, request.fullMethodName(), failure);
                    return;
                }
                Resp answer;
                try {
                    answer = toResponse.apply(result);
                } catch (RuntimeException e) {
                    fail(response, request.fullMethodName(), e);
                    return;
                }
                response.end(answer);
            };
            if (context == null || Vertx.currentContext() == context) {
                respond.run();
            } else {
                context.runOnContext(ignored -> respond.run());
            }
        });
    }

    private static void fail(GrpcServerResponse<?, ?> response, String method, Throwable failure) {
        Throwable cause = OipRestRoutes.unwrap(failure);
        GrpcStatus status;
        String message;
        if (cause instanceof ModelyardException known) {
            status = status(known.code());
            message = known.getMessage();
            if (status == GrpcStatus.UNAVAILABLE) {
                message = message + " (retry later)";
            }
        } else {
            status = GrpcStatus.INTERNAL;
            String errorId = UUID.randomUUID().toString();
            message = "internal error; the server log has the details under error id " + errorId;
            log.error("internal error {} answering gRPC {}", errorId, method, cause);
        }
        response.status(status).statusMessage(message).end();
    }

    /** The gRPC status for a Modelyard error code. */
    public static GrpcStatus status(ErrorCode code) {
        return switch (code.httpStatus()) {
            case 400, 422 -> GrpcStatus.INVALID_ARGUMENT;
            case 401 -> GrpcStatus.UNAUTHENTICATED;
            case 403 -> GrpcStatus.PERMISSION_DENIED;
            case 404 -> GrpcStatus.NOT_FOUND;
            case 409 -> GrpcStatus.FAILED_PRECONDITION;
            case 413 -> GrpcStatus.RESOURCE_EXHAUSTED;
            case 503 -> GrpcStatus.UNAVAILABLE;
            default -> GrpcStatus.INTERNAL;
        };
    }

    // ---------------------------------------------------------------- requests

    /** Decodes an inference request; problems are {@link ErrorCode#INVALID_REQUEST}. */
    public static InferenceCall toCall(ModelInferRequest request) {
        int inputCount = request.getInputsCount();
        if (inputCount == 0) {
            throw invalid("the request has no inputs");
        }
        int rawCount = request.getRawInputContentsCount();
        if (rawCount > 0 && rawCount != inputCount) {
            throw invalid("raw_input_contents has " + rawCount + " entries but the request has " + inputCount
                    + " inputs; send one entry per input, in order");
        }
        List<Tensor> inputs = new ArrayList<>(inputCount);
        Set<String> names = new HashSet<>();
        for (int index = 0; index < inputCount; index++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(index);
            String name = input.getName();
            if (name.isEmpty()) {
                throw invalid("input " + index + " has no name");
            }
            if (!names.add(name)) {
                throw invalid("input '" + name + "' is given more than once");
            }
            DataType datatype = OipJson.datatype(input.getDatatype(), "input '" + name + "'");
            long[] shape = new long[input.getShapeCount()];
            for (int dimension = 0; dimension < shape.length; dimension++) {
                shape[dimension] = input.getShape(dimension);
            }
            int elements = (int) OipJson.elementCount(shape, name);
            Object values;
            if (rawCount > 0) {
                if (input.hasContents()) {
                    throw invalid("input '" + name
                            + "' sets contents while the request uses raw_input_contents; use one or the other");
                }
                values = fromRaw(name, datatype, shape, elements, request.getRawInputContents(index));
            } else {
                values = fromContents(name, datatype, shape, elements, input.getContents());
            }
            inputs.add(new Tensor(name, datatype, shape, values));
        }
        Set<String> outputs;
        if (request.getOutputsCount() == 0) {
            outputs = Set.of();
        } else {
            outputs = new HashSet<>();
            for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
                if (output.getName().isEmpty()) {
                    throw invalid("a requested output has no name");
                }
                outputs.add(output.getName());
            }
        }
        return new InferenceCall(optional(request.getId()), inputs, outputs, parameters(request.getParametersMap()));
    }

    private static Map<String, Object> parameters(Map<String, InferParameter> parameters) {
        if (parameters.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> values = new HashMap<>();
        parameters.forEach((key, parameter) -> {
            Object value =
                    switch (parameter.getParameterChoiceCase()) {
                        case BOOL_PARAM -> parameter.getBoolParam();
                        case INT64_PARAM -> parameter.getInt64Param();
                        case STRING_PARAM -> parameter.getStringParam();
                        case DOUBLE_PARAM -> parameter.getDoubleParam();
                        case UINT64_PARAM ->
                            parameter.getUint64Param() >= 0
                                    ? (Object) parameter.getUint64Param()
                                    : new BigInteger(Long.toUnsignedString(parameter.getUint64Param()));
                        case PARAMETERCHOICE_NOT_SET -> null;
                    };
            if (value != null) {
                values.put(key, value);
            }
        });
        return values;
    }

    private static Object fromContents(
            String name, DataType datatype, long[] shape, int elements, InferTensorContents contents) {
        switch (datatype) {
            case BOOL -> {
                int count =
                        checkCount(name, datatype, "bool_contents", shape, elements, contents.getBoolContentsCount());
                boolean[] values = new boolean[count];
                for (int i = 0; i < count; i++) {
                    values[i] = contents.getBoolContents(i);
                }
                return values;
            }
            case INT8, INT16, INT32 -> {
                int count = checkCount(name, datatype, "int_contents", shape, elements, contents.getIntContentsCount());
                int[] values = new int[count];
                int min = datatype == DataType.INT8
                        ? Byte.MIN_VALUE
                        : datatype == DataType.INT16 ? Short.MIN_VALUE : Integer.MIN_VALUE;
                int max = datatype == DataType.INT8
                        ? Byte.MAX_VALUE
                        : datatype == DataType.INT16 ? Short.MAX_VALUE : Integer.MAX_VALUE;
                for (int i = 0; i < count; i++) {
                    int value = contents.getIntContents(i);
                    if (value < min || value > max) {
                        throw outOfRange(name, Integer.toString(value), i, datatype);
                    }
                    values[i] = value;
                }
                return values;
            }
            case UINT8, UINT16 -> {
                int count =
                        checkCount(name, datatype, "uint_contents", shape, elements, contents.getUintContentsCount());
                int[] values = new int[count];
                int max = datatype == DataType.UINT8 ? 0xFF : 0xFFFF;
                for (int i = 0; i < count; i++) {
                    int value = contents.getUintContents(i);
                    if (Integer.compareUnsigned(value, max) > 0) {
                        throw outOfRange(name, Integer.toUnsignedString(value), i, datatype);
                    }
                    values[i] = value;
                }
                return values;
            }
            case UINT32 -> {
                int count =
                        checkCount(name, datatype, "uint_contents", shape, elements, contents.getUintContentsCount());
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = Integer.toUnsignedLong(contents.getUintContents(i));
                }
                return values;
            }
            case INT64 -> {
                int count =
                        checkCount(name, datatype, "int64_contents", shape, elements, contents.getInt64ContentsCount());
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = contents.getInt64Contents(i);
                }
                return values;
            }
            case UINT64 -> {
                int count = checkCount(
                        name, datatype, "uint64_contents", shape, elements, contents.getUint64ContentsCount());
                long[] values = new long[count];
                for (int i = 0; i < count; i++) {
                    values[i] = contents.getUint64Contents(i);
                }
                return values;
            }
            case FP32 -> {
                int count =
                        checkCount(name, datatype, "fp32_contents", shape, elements, contents.getFp32ContentsCount());
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = contents.getFp32Contents(i);
                }
                return values;
            }
            case FP64 -> {
                int count =
                        checkCount(name, datatype, "fp64_contents", shape, elements, contents.getFp64ContentsCount());
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = contents.getFp64Contents(i);
                }
                return values;
            }
            case BYTES -> {
                int count =
                        checkCount(name, datatype, "bytes_contents", shape, elements, contents.getBytesContentsCount());
                byte[][] values = new byte[count][];
                for (int i = 0; i < count; i++) {
                    values[i] = contents.getBytesContents(i).toByteArray();
                }
                return values;
            }
            default -> throw invalid("input '" + name + "': datatype " + datatype + " is not supported");
        }
    }

    private static int checkCount(String name, DataType datatype, String field, long[] shape, int elements, int count) {
        if (count != elements) {
            throw invalid("input '" + name + "': shape " + Arrays.toString(shape) + " needs " + elements + " "
                    + datatype + " values but " + field + " has " + count);
        }
        return count;
    }

    /** Row-major little-endian bytes; BYTES elements are each a 4-byte little-endian length and the bytes. */
    private static Object fromRaw(String name, DataType datatype, long[] shape, int elements, ByteString raw) {
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (datatype == DataType.BYTES) {
            byte[][] values = new byte[elements][];
            for (int i = 0; i < elements; i++) {
                if (bytes.remaining() < 4) {
                    throw rawSize(name, "ends before element " + i + " of " + elements);
                }
                int length = bytes.getInt();
                if (length < 0 || length > bytes.remaining()) {
                    throw rawSize(
                            name,
                            "element " + i + " claims " + Integer.toUnsignedString(length) + " bytes but only "
                                    + bytes.remaining() + " remain");
                }
                values[i] = new byte[length];
                bytes.get(values[i]);
            }
            if (bytes.hasRemaining()) {
                throw rawSize(name, "has " + bytes.remaining() + " bytes after its " + elements + " elements");
            }
            return values;
        }
        int width =
                switch (datatype) {
                    case BOOL, INT8, UINT8 -> 1;
                    case INT16, UINT16 -> 2;
                    case INT32, UINT32, FP32 -> 4;
                    case INT64, UINT64, FP64 -> 8;
                    default -> throw invalid("input '" + name + "': datatype " + datatype + " is not supported");
                };
        if ((long) elements * width != bytes.remaining()) {
            throw rawSize(
                    name,
                    "has " + bytes.remaining() + " bytes but shape " + Arrays.toString(shape) + " of " + datatype
                            + " needs " + (long) elements * width);
        }
        switch (datatype) {
            case BOOL -> {
                boolean[] values = new boolean[elements];
                for (int i = 0; i < elements; i++) {
                    values[i] = bytes.get() != 0;
                }
                return values;
            }
            case INT8 -> {
                int[] values = new int[elements];
                for (int i = 0; i < elements; i++) {
                    values[i] = bytes.get();
                }
                return values;
            }
            case UINT8 -> {
                int[] values = new int[elements];
                for (int i = 0; i < elements; i++) {
                    values[i] = Byte.toUnsignedInt(bytes.get());
                }
                return values;
            }
            case INT16 -> {
                int[] values = new int[elements];
                for (int i = 0; i < elements; i++) {
                    values[i] = bytes.getShort();
                }
                return values;
            }
            case UINT16 -> {
                int[] values = new int[elements];
                for (int i = 0; i < elements; i++) {
                    values[i] = Short.toUnsignedInt(bytes.getShort());
                }
                return values;
            }
            case INT32 -> {
                int[] values = new int[elements];
                bytes.asIntBuffer().get(values);
                return values;
            }
            case UINT32 -> {
                long[] values = new long[elements];
                for (int i = 0; i < elements; i++) {
                    values[i] = Integer.toUnsignedLong(bytes.getInt());
                }
                return values;
            }
            case INT64, UINT64 -> {
                long[] values = new long[elements];
                bytes.asLongBuffer().get(values);
                return values;
            }
            case FP32 -> {
                float[] values = new float[elements];
                bytes.asFloatBuffer().get(values);
                return values;
            }
            case FP64 -> {
                double[] values = new double[elements];
                bytes.asDoubleBuffer().get(values);
                return values;
            }
            default -> throw invalid("input '" + name + "': datatype " + datatype + " is not supported");
        }
    }

    // ---------------------------------------------------------------- responses

    /** The inference response with typed contents; {@code id} the client's, else the request uuid. */
    public static ModelInferResponse toInferResponse(InferenceOutcome outcome, Optional<String> clientId) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(outcome.deployment())
                .setModelVersion(outcome.release())
                .setId(clientId.orElse(outcome.requestUuid()))
                .putParameters(
                        OipJson.REQUEST_UUID,
                        InferParameter.newBuilder()
                                .setStringParam(outcome.requestUuid())
                                .build());
        for (Tensor tensor : outcome.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder output = response.addOutputsBuilder()
                    .setName(tensor.name())
                    .setDatatype(tensor.datatype().name());
            for (long dimension : tensor.shape()) {
                output.addShape(dimension);
            }
            InferTensorContents.Builder contents = output.getContentsBuilder();
            switch (tensor.datatype()) {
                case BOOL -> {
                    for (boolean value : (boolean[]) tensor.values()) {
                        contents.addBoolContents(value);
                    }
                }
                case INT8, INT16, INT32 -> {
                    for (int value : (int[]) tensor.values()) {
                        contents.addIntContents(value);
                    }
                }
                case UINT8, UINT16 -> {
                    for (int value : (int[]) tensor.values()) {
                        contents.addUintContents(value);
                    }
                }
                case UINT32 -> {
                    for (long value : (long[]) tensor.values()) {
                        contents.addUintContents((int) value);
                    }
                }
                case INT64 -> {
                    for (long value : (long[]) tensor.values()) {
                        contents.addInt64Contents(value);
                    }
                }
                case UINT64 -> {
                    for (long value : (long[]) tensor.values()) {
                        contents.addUint64Contents(value);
                    }
                }
                case FP32 -> {
                    for (float value : (float[]) tensor.values()) {
                        contents.addFp32Contents(value);
                    }
                }
                case FP64 -> {
                    for (double value : (double[]) tensor.values()) {
                        contents.addFp64Contents(value);
                    }
                }
                case BYTES -> {
                    for (byte[] value : (byte[][]) tensor.values()) {
                        contents.addBytesContents(ByteString.copyFrom(value));
                    }
                }
                default -> throw new IllegalStateException("unsupported output datatype " + tensor.datatype());
            }
        }
        return response.build();
    }

    public static ModelMetadataResponse toMetadataResponse(ModelMetadataView model) {
        ModelMetadataResponse.Builder response = ModelMetadataResponse.newBuilder()
                .setName(model.name())
                .addAllVersions(model.versions())
                .setPlatform(model.platform());
        for (TensorSpec input : model.signature().inputs()) {
            response.addInputs(tensorMetadata(input));
        }
        for (TensorSpec output : model.signature().outputs()) {
            response.addOutputs(tensorMetadata(output));
        }
        return response.build();
    }

    private static ModelMetadataResponse.TensorMetadata tensorMetadata(TensorSpec tensor) {
        return ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(tensor.name())
                .setDatatype(tensor.datatype())
                .addAllShape(tensor.shape())
                .build();
    }

    // ---------------------------------------------------------------- helpers

    private static <Req extends Message, Resp extends Message> ServiceMethod<Req, Resp> method(
            String name, Req prototype) {
        return ServiceMethod.server(SERVICE, name, GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(prototype));
    }

    private static Credentials credentials(GrpcServerRequest<?, ?> request) {
        String authorization = request.headers().get(AUTHORIZATION);
        String apiKey = request.headers().get(API_KEY);
        if (authorization == null && apiKey == null) {
            return Credentials.NONE;
        }
        return Credentials.fromHeaders(authorization, apiKey);
    }

    private static String requireModel(String name) {
        if (name.isEmpty()) {
            throw invalid("the model name is empty");
        }
        return name;
    }

    private static Optional<String> optional(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static ModelyardException outOfRange(String name, String value, int index, DataType datatype) {
        return invalid(
                "input '" + name + "': value " + value + " at index " + index + " is out of range for " + datatype);
    }

    private static ModelyardException rawSize(String name, String problem) {
        return invalid("input '" + name + "': its raw_input_contents entry " + problem);
    }

    private static ModelyardException invalid(String message) {
        return new ModelyardException(ErrorCode.INVALID_REQUEST, message);
    }
}

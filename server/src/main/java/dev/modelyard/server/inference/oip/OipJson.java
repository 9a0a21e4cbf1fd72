package dev.modelyard.server.inference.oip;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.Tensor;
import dev.modelyard.server.inference.InferenceCall;
import dev.modelyard.server.inference.InferenceOutcome;
import dev.modelyard.server.inference.ModelMetadataView;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Open Inference Protocol's REST (JSON) codec: decodes an inference request body into an
 * {@link InferenceCall} with a streaming parser straight into primitive arrays, and writes the
 * protocol's response bodies. Decoding failures are {@link ModelyardException}s: {@link
 * ErrorCode#MALFORMED_JSON} for bodies that are not JSON, {@link ErrorCode#INVALID_REQUEST} (naming
 * the input and the problem) for JSON that is not a valid inference request. Thread-safe; all
 * methods are static and share one {@link JsonFactory}.
 */
public final class OipJson {
    /** The response parameter carrying Modelyard's id of the request. */
    public static final String REQUEST_UUID = "request_uuid";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private OipJson() {}

    // ---------------------------------------------------------------- decoding

    /** Decodes an OIP inference request body. */
    public static InferenceCall decodeInferRequest(byte[] body) {
        return decodeInferRequest(body, 0, body.length);
    }

    /** Decodes an OIP inference request body held in {@code body[offset, offset + length)}. */
    public static InferenceCall decodeInferRequest(byte[] body, int offset, int length) {
        try (JsonParser parser = FACTORY.createParser(body, offset, length)) {
            InferenceCall call = new RequestReader(parser, length).read();
            if (parser.nextToken() != null) {
                throw new ModelyardException(
                        ErrorCode.MALFORMED_JSON, "the request body has content after the JSON object");
            }
            return call;
        } catch (StreamConstraintsException e) {
            throw invalid("the request exceeds a JSON limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ModelyardException(
                    ErrorCode.MALFORMED_JSON, "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one request; {@code bodyLength} bounds how many values the body can hold. */
    private static final class RequestReader {
        private final JsonParser parser;
        private final int bodyLength;

        RequestReader(JsonParser parser, int bodyLength) {
            this.parser = parser;
            this.bodyLength = bodyLength;
        }

        InferenceCall read() throws IOException {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ModelyardException(ErrorCode.MALFORMED_JSON, "the request body is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw invalid("the request body must be a JSON object");
            }
            Optional<String> id = Optional.empty();
            Map<String, Object> parameters = Map.of();
            List<Tensor> inputs = null;
            Set<String> outputs = Set.of();
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "id" -> {
                        if (token == JsonToken.VALUE_STRING) {
                            id = Optional.of(parser.getText());
                        } else if (token != JsonToken.VALUE_NULL) {
                            throw invalid("'id' must be a string");
                        }
                    }
                    case "parameters" -> parameters = readParameters("the request");
                    case "inputs" -> inputs = readInputs(token);
                    case "outputs" -> outputs = readOutputs(token);
                    default -> parser.skipChildren();
                }
            }
            if (inputs == null) {
                throw invalid("the request has no 'inputs'");
            }
            return new InferenceCall(id, inputs, outputs, parameters);
        }

        private List<Tensor> readInputs(JsonToken token) throws IOException {
            if (token != JsonToken.START_ARRAY) {
                throw invalid("'inputs' must be an array of tensors");
            }
            List<Tensor> inputs = new ArrayList<>(4);
            Set<String> names = null;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw invalid("input " + inputs.size() + " must be a JSON object");
                }
                Tensor input = readInput(inputs.size());
                if (!inputs.isEmpty()) {
                    if (names == null) {
                        names = new HashSet<>();
                        for (Tensor earlier : inputs) {
                            names.add(earlier.name());
                        }
                    }
                    if (!names.add(input.name())) {
                        throw invalid("input '" + input.name() + "' is given more than once");
                    }
                }
                inputs.add(input);
            }
            if (inputs.isEmpty()) {
                throw invalid("'inputs' is empty");
            }
            return inputs;
        }

        private Tensor readInput(int position) throws IOException {
            String name = null;
            DataType datatype = null;
            long[] shape = null;
            Values values = null;
            TokenBuffer bufferedData = null;
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "name" -> {
                        if (token != JsonToken.VALUE_STRING || parser.getTextLength() == 0) {
                            throw invalid("input " + position + ": 'name' must be a non-empty string");
                        }
                        name = parser.getText();
                    }
                    case "datatype" -> datatype = readDatatype(token, label(name, position));
                    case "shape" -> shape = readShape(token, label(name, position));
                    case "parameters" -> readParameters(label(name, position));
                    case "data" -> {
                        if (name != null && datatype != null && shape != null) {
                            values = readData(parser, name, datatype, shape);
                        } else {
                            // Fields in an unusual order: keep the data's tokens until the
                            // name, datatype and shape are known.
                            bufferedData = new TokenBuffer(parser);
                            bufferedData.copyCurrentStructure(parser);
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (name == null) {
                throw invalid("input " + position + " has no 'name'");
            }
            if (datatype == null) {
                throw invalid("input '" + name + "' has no 'datatype'");
            }
            if (shape == null) {
                throw invalid("input '" + name + "' has no 'shape'");
            }
            if (values == null) {
                if (bufferedData == null) {
                    throw invalid("input '" + name + "' has no 'data'");
                }
                try (JsonParser replay = bufferedData.asParser()) {
                    replay.nextToken();
                    values = readData(replay, name, datatype, shape);
                }
            }
            return new Tensor(name, datatype, shape, values.array());
        }

        private Values readData(JsonParser data, String name, DataType datatype, long[] shape) throws IOException {
            long needed = elementCount(shape, name);
            if (data.currentToken() != JsonToken.START_ARRAY) {
                throw invalid("input '" + name + "': 'data' must be an array");
            }
            // Each value takes at least one byte of the body: a larger shape cannot be met,
            // and the arrays are never sized beyond what the body can hold.
            int capacity = (int) Math.min(needed, bodyLength);
            Values values = new Values(name, datatype, capacity);
            JsonToken first = data.nextToken();
            if (first == JsonToken.START_ARRAY) {
                if (shape.length < 2) {
                    throw nesting(name, shape);
                }
                readNested(data, values, shape, 0, first);
            } else {
                JsonToken token = first;
                while (token != JsonToken.END_ARRAY) {
                    if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
                        throw invalid("input '" + name + "': 'data' must be flat or nested as the shape "
                                + Arrays.toString(shape) + " is");
                    }
                    values.add(data, token);
                    token = data.nextToken();
                }
            }
            if (values.count != needed) {
                throw invalid("input '" + name + "': shape " + Arrays.toString(shape) + " needs " + needed
                        + " values but 'data' has " + values.count);
            }
            return values;
        }

        /** Reads an array at {@code depth} whose first element token is {@code token}. */
        private void readNested(JsonParser data, Values values, long[] shape, int depth, JsonToken token)
                throws IOException {
            boolean innermost = depth == shape.length - 1;
            long elements = 0;
            while (token != JsonToken.END_ARRAY) {
                if (token == JsonToken.START_ARRAY) {
                    if (innermost) {
                        throw nesting(values.name, shape);
                    }
                    readNested(data, values, shape, depth + 1, data.nextToken());
                } else {
                    if (!innermost || token == JsonToken.START_OBJECT) {
                        throw nesting(values.name, shape);
                    }
                    values.add(data, token);
                }
                elements++;
                token = data.nextToken();
            }
            if (elements != shape[depth]) {
                throw invalid("input '" + values.name + "': 'data' has " + elements + " elements in dimension " + depth
                        + " but shape " + Arrays.toString(shape) + " says " + shape[depth]);
            }
        }

        private DataType readDatatype(JsonToken token, String input) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                throw invalid(input + ": 'datatype' must be a string");
            }
            return datatype(parser.getText(), input);
        }

        private long[] readShape(JsonToken token, String input) throws IOException {
            if (token != JsonToken.START_ARRAY) {
                throw invalid(input + ": 'shape' must be an array of dimensions");
            }
            long[] dims = new long[4];
            int rank = 0;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.VALUE_NUMBER_INT
                        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw invalid(input + ": 'shape' must hold integer dimensions");
                }
                long dimension = parser.getLongValue();
                if (dimension < 0) {
                    throw invalid(input + ": dimension " + dimension
                            + " of 'shape' is negative; a request's shape must be concrete");
                }
                if (rank == dims.length) {
                    dims = Arrays.copyOf(dims, rank * 2);
                }
                dims[rank++] = dimension;
            }
            return rank == dims.length ? dims : Arrays.copyOf(dims, rank);
        }

        private Set<String> readOutputs(JsonToken token) throws IOException {
            if (token == JsonToken.VALUE_NULL) {
                return Set.of();
            }
            if (token != JsonToken.START_ARRAY) {
                throw invalid("'outputs' must be an array");
            }
            Set<String> outputs = new HashSet<>(4);
            int position = 0;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    throw invalid("requested output " + position + " must be a JSON object");
                }
                String name = null;
                String field;
                while ((field = parser.nextFieldName()) != null) {
                    JsonToken value = parser.nextToken();
                    if (field.equals("name")) {
                        if (value != JsonToken.VALUE_STRING || parser.getTextLength() == 0) {
                            throw invalid("requested output " + position + ": 'name' must be a non-empty string");
                        }
                        name = parser.getText();
                    } else if (field.equals("parameters")) {
                        readParameters("requested output " + position);
                    } else {
                        parser.skipChildren();
                    }
                }
                if (name == null) {
                    throw invalid("requested output " + position + " has no 'name'");
                }
                outputs.add(name);
                position++;
            }
            return outputs;
        }

        /** Reads a parameters object (current token) into a map; null reads as empty. */
        private Map<String, Object> readParameters(String owner) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return Map.of();
            }
            if (token != JsonToken.START_OBJECT) {
                throw invalid(owner + ": 'parameters' must be a JSON object");
            }
            Map<String, Object> parameters = null;
            String key;
            while ((key = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                Object parameter =
                        switch (value) {
                            case VALUE_STRING -> parser.getText();
                            case VALUE_TRUE -> Boolean.TRUE;
                            case VALUE_FALSE -> Boolean.FALSE;
                            case VALUE_NUMBER_INT ->
                                parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                        ? parser.getBigIntegerValue()
                                        : (Object) parser.getLongValue();
                            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                            case VALUE_NULL -> null;
                            default ->
                                throw invalid(
                                        owner + ": parameter '" + key + "' must be a string, a number or a boolean");
                        };
                if (parameter != null) {
                    if (parameters == null) {
                        parameters = new HashMap<>(4);
                    }
                    parameters.put(key, parameter);
                }
            }
            return parameters == null ? Map.of() : parameters;
        }
    }

    /** Values of one input, appended in row-major order into the array its datatype uses. */
    private static final class Values {
        final String name;
        final DataType datatype;
        int count;
        private float[] floats;
        private double[] doubles;
        private int[] ints;
        private long[] longs;
        private boolean[] booleans;
        private byte[][] strings;

        Values(String name, DataType datatype, int capacity) {
            this.name = name;
            this.datatype = datatype;
            switch (datatype) {
                case FP32 -> floats = new float[capacity];
                case FP64 -> doubles = new double[capacity];
                case INT8, INT16, INT32, UINT8, UINT16 -> ints = new int[capacity];
                case INT64, UINT32, UINT64 -> longs = new long[capacity];
                case BOOL -> booleans = new boolean[capacity];
                case BYTES -> strings = new byte[capacity][];
                default -> throw new IllegalStateException("unsupported datatype " + datatype);
            }
        }

        void add(JsonParser parser, JsonToken token) throws IOException {
            switch (datatype) {
                case FP32 -> {
                    if (!isNumber(token)) {
                        throw notANumber(parser, token);
                    }
                    float value = parser.getFloatValue();
                    if (Float.isInfinite(value)) {
                        throw outOfRange(parser, token);
                    }
                    if (count == floats.length) {
                        floats = Arrays.copyOf(floats, grow(count));
                    }
                    floats[count++] = value;
                }
                case FP64 -> {
                    if (!isNumber(token)) {
                        throw notANumber(parser, token);
                    }
                    double value = parser.getDoubleValue();
                    if (Double.isInfinite(value)) {
                        throw outOfRange(parser, token);
                    }
                    if (count == doubles.length) {
                        doubles = Arrays.copyOf(doubles, grow(count));
                    }
                    doubles[count++] = value;
                }
                case INT8, INT16, INT32, UINT8, UINT16 -> {
                    long value = integer(parser, token);
                    if (count == ints.length) {
                        ints = Arrays.copyOf(ints, grow(count));
                    }
                    ints[count++] = (int) value;
                }
                case INT64, UINT32, UINT64 -> {
                    long value = integer(parser, token);
                    if (count == longs.length) {
                        longs = Arrays.copyOf(longs, grow(count));
                    }
                    longs[count++] = value;
                }
                case BOOL -> {
                    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                        throw invalid("input '" + name + "': value " + describe(parser, token) + " at index " + count
                                + " is not a boolean");
                    }
                    if (count == booleans.length) {
                        booleans = Arrays.copyOf(booleans, grow(count));
                    }
                    booleans[count++] = token == JsonToken.VALUE_TRUE;
                }
                case BYTES -> {
                    if (token != JsonToken.VALUE_STRING) {
                        throw invalid("input '" + name + "': value " + describe(parser, token) + " at index " + count
                                + " is not a string");
                    }
                    if (count == strings.length) {
                        strings = Arrays.copyOf(strings, grow(count));
                    }
                    strings[count++] = parser.getText().getBytes(StandardCharsets.UTF_8);
                }
                default -> throw new IllegalStateException("unsupported datatype " + datatype);
            }
        }

        /** An integer value checked against the datatype's range; UINT64 as its two's-complement bits. */
        private long integer(JsonParser parser, JsonToken token) throws IOException {
            long value;
            if (token == JsonToken.VALUE_NUMBER_INT) {
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    BigInteger big = parser.getBigIntegerValue();
                    if (datatype == DataType.UINT64 && big.signum() >= 0 && big.compareTo(UINT64_LIMIT) < 0) {
                        return big.longValue();
                    }
                    throw outOfRange(parser, token);
                }
                value = parser.getLongValue();
            } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                double real = parser.getDoubleValue();
                if (real != Math.rint(real) || Double.isInfinite(real)) {
                    throw invalid("input '" + name + "': value " + describe(parser, token) + " at index " + count
                            + " is not an integer, as " + datatype + " needs");
                }
                if (real < -0x1p63 || real >= 0x1p63) {
                    throw outOfRange(parser, token);
                }
                value = (long) real;
            } else {
                throw notANumber(parser, token);
            }
            boolean inRange =
                    switch (datatype) {
                        case INT8 -> value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE;
                        case INT16 -> value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
                        case INT32 -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
                        case UINT8 -> value >= 0 && value <= 0xFF;
                        case UINT16 -> value >= 0 && value <= 0xFFFF;
                        case UINT32 -> value >= 0 && value <= 0xFFFF_FFFFL;
                        case UINT64 -> value >= 0;
                        default -> true;
                    };
            if (!inRange) {
                throw outOfRange(parser, token);
            }
            return value;
        }

        private ModelyardException notANumber(JsonParser parser, JsonToken token) throws IOException {
            return invalid("input '" + name + "': value " + describe(parser, token) + " at index " + count
                    + " is not a number");
        }

        private ModelyardException outOfRange(JsonParser parser, JsonToken token) throws IOException {
            return invalid("input '" + name + "': value " + describe(parser, token) + " at index " + count
                    + " is out of range for " + datatype);
        }

        Object array() {
            return switch (datatype) {
                case FP32 -> count == floats.length ? floats : Arrays.copyOf(floats, count);
                case FP64 -> count == doubles.length ? doubles : Arrays.copyOf(doubles, count);
                case INT8, INT16, INT32, UINT8, UINT16 -> count == ints.length ? ints : Arrays.copyOf(ints, count);
                case INT64, UINT32, UINT64 -> count == longs.length ? longs : Arrays.copyOf(longs, count);
                case BOOL -> count == booleans.length ? booleans : Arrays.copyOf(booleans, count);
                case BYTES -> count == strings.length ? strings : Arrays.copyOf(strings, count);
                default -> throw new IllegalStateException("unsupported datatype " + datatype);
            };
        }

        private static int grow(int count) {
            if (count >= Integer.MAX_VALUE - 8) {
                throw invalid("too many values");
            }
            return (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(8L, count * 2L));
        }

        private static boolean isNumber(JsonToken token) {
            return token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT;
        }
    }

    private static String describe(JsonParser parser, JsonToken token) throws IOException {
        String text =
                switch (token) {
                    case VALUE_STRING -> '"' + parser.getText() + '"';
                    case START_OBJECT -> "{…}";
                    case START_ARRAY -> "[…]";
                    default -> parser.getText();
                };
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    /**
     * The datatype an OIP datatype name names, if Modelyard can hold its values; {@code input} names
     * the tensor in the error.
     */
    static DataType datatype(String name, String input) {
        DataType datatype = DataType.fromName(name)
                .orElseThrow(() -> invalid(input + ": unknown datatype '" + name + "', expected one of "
                        + String.join(", ", TensorSpec.DATATYPES)));
        if (datatype.arrayClass().isEmpty()) {
            throw invalid(input + ": datatype " + name + " is not supported");
        }
        return datatype;
    }

    /** The product of a concrete shape, as an int-sized element count. */
    static long elementCount(long[] shape, String input) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw invalid("input '" + input + "': shape " + Arrays.toString(shape)
                        + " has a negative dimension; a request's shape must be concrete");
            }
            if (dimension != 0 && count > (Integer.MAX_VALUE - 8) / dimension) {
                throw invalid("input '" + input + "': shape " + Arrays.toString(shape) + " has too many elements");
            }
            count *= dimension;
        }
        return count;
    }

    private static String label(String name, int position) {
        return name == null ? "input " + position : "input '" + name + "'";
    }

    private static ModelyardException nesting(String name, long[] shape) {
        return invalid("input '" + name + "': the nesting of 'data' does not match shape " + Arrays.toString(shape));
    }

    private static ModelyardException invalid(String message) {
        return new ModelyardException(ErrorCode.INVALID_REQUEST, message);
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Writes the inference response: {@code id} is the client's id when it sent one, else the
     * outcome's request uuid.
     */
    public static void writeInferResponse(OutputStream out, InferenceOutcome outcome, Optional<String> clientId) {
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("model_name", outcome.deployment());
            json.writeStringField("model_version", outcome.release());
            json.writeStringField("id", clientId.orElse(outcome.requestUuid()));
            json.writeObjectFieldStart("parameters");
            json.writeStringField(REQUEST_UUID, outcome.requestUuid());
            json.writeEndObject();
            json.writeArrayFieldStart("outputs");
            for (Tensor output : outcome.outputs()) {
                writeTensor(json, output);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] inferResponse(InferenceOutcome outcome, Optional<String> clientId) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        writeInferResponse(out, outcome, clientId);
        return out.toByteArray();
    }

    /**
     * Tensors as a JSON array of Open Inference Protocol tensors ({@code name}, {@code datatype},
     * {@code shape}, {@code data}); the data of each tensor named in {@code redacted} is replaced
     * by {@code "sha256:<hex>"} of its JSON text, so equal values still compare equal.
     */
    public static String tensorsJson(List<Tensor> tensors, Set<String> redacted) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartArray();
            for (Tensor tensor : tensors) {
                if (redacted.contains(tensor.name())) {
                    json.writeStartObject();
                    json.writeStringField("name", tensor.name());
                    json.writeStringField("datatype", tensor.datatype().name());
                    long[] shape = tensor.shape();
                    json.writeFieldName("shape");
                    json.writeArray(shape, 0, shape.length);
                    json.writeStringField("data", "sha256:" + sha256(tensorsJson(List.of(tensor), Set.of())));
                    json.writeEndObject();
                } else {
                    writeTensor(json, tensor);
                }
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private static void writeTensor(JsonGenerator json, Tensor tensor) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", tensor.name());
        json.writeStringField("datatype", tensor.datatype().name());
        long[] shape = tensor.shape();
        json.writeFieldName("shape");
        json.writeArray(shape, 0, shape.length);
        json.writeFieldName("data");
        switch (tensor.datatype()) {
            case FP32 -> {
                float[] values = (float[]) tensor.values();
                json.writeStartArray(values, values.length);
                for (float value : values) {
                    json.writeNumber(value);
                }
                json.writeEndArray();
            }
            case FP64 -> {
                double[] values = (double[]) tensor.values();
                json.writeArray(values, 0, values.length);
            }
            case INT8, INT16, INT32, UINT8, UINT16 -> {
                int[] values = (int[]) tensor.values();
                json.writeArray(values, 0, values.length);
            }
            case INT64, UINT32 -> {
                long[] values = (long[]) tensor.values();
                json.writeArray(values, 0, values.length);
            }
            case UINT64 -> {
                long[] values = (long[]) tensor.values();
                json.writeStartArray(values, values.length);
                for (long value : values) {
                    if (value >= 0) {
                        json.writeNumber(value);
                    } else {
                        json.writeNumber(Long.toUnsignedString(value));
                    }
                }
                json.writeEndArray();
            }
            case BOOL -> {
                boolean[] values = (boolean[]) tensor.values();
                json.writeStartArray(values, values.length);
                for (boolean value : values) {
                    json.writeBoolean(value);
                }
                json.writeEndArray();
            }
            case BYTES -> {
                byte[][] values = (byte[][]) tensor.values();
                json.writeStartArray(values, values.length);
                for (byte[] value : values) {
                    json.writeString(new String(value, StandardCharsets.UTF_8));
                }
                json.writeEndArray();
            }
            default -> throw new IllegalStateException("unsupported datatype " + tensor.datatype());
        }
        json.writeEndObject();
    }

    /** {@code {"name", "version", "extensions": []}}. */
    public static byte[] serverMetadata(String name, String version) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("name", name);
            json.writeStringField("version", version);
            json.writeArrayFieldStart("extensions");
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** {@code {"name", "versions", "platform", "inputs": [tensor_meta], "outputs": [tensor_meta]}}. */
    public static byte[] modelMetadata(ModelMetadataView model) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("name", model.name());
            json.writeArrayFieldStart("versions");
            for (String version : model.versions()) {
                json.writeString(version);
            }
            json.writeEndArray();
            json.writeStringField("platform", model.platform());
            writeTensorMetadata(json, "inputs", model.signature().inputs());
            writeTensorMetadata(json, "outputs", model.signature().outputs());
            json.writeEndObject();
        });
    }

    private static void writeTensorMetadata(JsonGenerator json, String field, List<TensorSpec> tensors)
            throws IOException {
        json.writeArrayFieldStart(field);
        for (TensorSpec tensor : tensors) {
            json.writeStartObject();
            json.writeStringField("name", tensor.name());
            json.writeStringField("datatype", tensor.datatype());
            json.writeArrayFieldStart("shape");
            for (long dimension : tensor.shape()) {
                json.writeNumber(dimension);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** {@code {"name", "ready"}}. */
    public static byte[] modelReady(String name, boolean ready) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("name", name);
            json.writeBooleanField("ready", ready);
            json.writeEndObject();
        });
    }

    /** {@code {"<field>": value}}, for {@code {"live": true}} and {@code {"ready": true}}. */
    public static byte[] flag(String field, boolean value) {
        return write(json -> {
            json.writeStartObject();
            json.writeBooleanField(field, value);
            json.writeEndObject();
        });
    }

    /** {@code {"error": message}}. */
    public static byte[] error(String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package dev.modelyard.server.inference.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.Tensor;
import dev.modelyard.server.inference.InferenceCall;
import dev.modelyard.server.inference.InferenceOutcome;
import dev.modelyard.server.inference.ModelMetadataView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OipJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static InferenceCall decode(String json) {
        return OipJson.decodeInferRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String request(String name, String datatype, String shape, String data) {
        return "{\"inputs\":[{\"name\":\"" + name + "\",\"shape\":" + shape + ",\"datatype\":\"" + datatype
                + "\",\"data\":" + data + "}]}";
    }

    private static Tensor single(String datatype, String shape, String data) {
        InferenceCall call = decode(request("x", datatype, shape, data));
        assertThat(call.inputs()).hasSize(1);
        return call.inputs().get(0);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String json, ErrorCode code) {
        return assertThatThrownBy(() -> decode(json))
                .isInstanceOf(ModelyardException.class)
                .satisfies(e -> assertThat(((ModelyardException) e).code()).isEqualTo(code));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejectsInput(
            String datatype, String shape, String data) {
        return rejects(request("x", datatype, shape, data), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("input 'x'");
    }

    @Test
    void decodesNestedAndFlatDataAlike() {
        Tensor nested = single("FP32", "[2,3]", "[[1,2,3],[4.5,5,6]]");
        Tensor flat = single("FP32", "[2,3]", "[1,2,3,4.5,5,6]");
        assertThat(nested.floats()).containsExactly(1f, 2f, 3f, 4.5f, 5f, 6f);
        assertThat(flat.floats()).containsExactly(nested.floats());
        assertThat(nested.shape()).containsExactly(2, 3);
        assertThat(single("INT32", "[2,2,2]", "[[[1,2],[3,4]],[[5,6],[7,8]]]").values())
                .isEqualTo(new int[] {1, 2, 3, 4, 5, 6, 7, 8});
    }

    @Test
    void decodesEveryDatatype() {
        assertThat(single("BOOL", "[3]", "[true,false,true]").values()).isEqualTo(new boolean[] {true, false, true});
        assertThat(single("INT8", "[2]", "[-128,127]").values()).isEqualTo(new int[] {-128, 127});
        assertThat(single("INT16", "[2]", "[-32768,32767]").values()).isEqualTo(new int[] {-32768, 32767});
        assertThat(single("INT32", "[2]", "[-2147483648,2147483647]").values())
                .isEqualTo(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE});
        assertThat(single("INT64", "[2]", "[-9223372036854775808,9223372036854775807]")
                        .values())
                .isEqualTo(new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
        assertThat(single("UINT8", "[2]", "[0,255]").values()).isEqualTo(new int[] {0, 255});
        assertThat(single("UINT16", "[2]", "[0,65535]").values()).isEqualTo(new int[] {0, 65535});
        assertThat(single("UINT32", "[2]", "[0,4294967295]").values()).isEqualTo(new long[] {0, 4294967295L});
        assertThat(single("UINT64", "[2]", "[1,18446744073709551615]").values()).isEqualTo(new long[] {1, -1});
        assertThat(single("FP32", "[2]", "[0.1,-3]").values()).isEqualTo(new float[] {0.1f, -3f});
        assertThat(single("FP64", "[2]", "[0.1,1e300]").values()).isEqualTo(new double[] {0.1, 1e300});
        Tensor bytes = single("BYTES", "[2]", "[\"héllo\",\"\"]");
        assertThat(bytes.datatype()).isEqualTo(DataType.BYTES);
        assertThat((byte[][]) bytes.values())
                .isDeepEqualTo(new byte[][] {"héllo".getBytes(StandardCharsets.UTF_8), new byte[0]});
    }

    @Test
    void acceptsIntegralFloatsForIntegerTypes() {
        assertThat(single("INT32", "[2]", "[2.0,-1e2]").values()).isEqualTo(new int[] {2, -100});
    }

    @Test
    void decodesScalarAndEmptyShapes() {
        assertThat(single("FP32", "[]", "[7]").floats()).containsExactly(7f);
        assertThat(single("FP32", "[0,3]", "[]").floats()).isEmpty();
    }

    @Test
    void rejectsDataThatDoesNotMatchTheShape() {
        rejectsInput("FP32", "[1,4]", "[1,2,3]").hasMessageContaining("needs 4 values but 'data' has 3");
        rejectsInput("FP32", "[1,2]", "[1,2,3]").hasMessageContaining("needs 2 values but 'data' has 3");
        rejectsInput("FP32", "[2,2]", "[[1,2,3],[4]]").hasMessageContaining("dimension 1");
        rejectsInput("FP32", "[2,2]", "[[1,2],3,4]").hasMessageContaining("nesting");
        rejectsInput("FP32", "[4]", "[[1,2],[3,4]]").hasMessageContaining("nesting");
        rejectsInput("FP32", "[1,1000000000]", "[1]").hasMessageContaining("needs 1000000000 values");
        rejectsInput("FP32", "[-1,2]", "[1,2]").hasMessageContaining("negative");
        rejectsInput("FP32", "[1,1.5]", "[1]").hasMessageContaining("shape");
        rejectsInput("FP32", "[1]", "1").hasMessageContaining("'data' must be an array");
    }

    @Test
    void rejectsUnknownAndUnsupportedDatatypes() {
        rejectsInput("FLOAT32", "[1]", "[1]").hasMessageContaining("unknown datatype 'FLOAT32'");
        rejectsInput("FP16", "[1]", "[1]").hasMessageContaining("FP16 is not supported");
    }

    @Test
    void rejectsValuesThatDoNotFitTheType() {
        rejectsInput("FP32", "[2]", "[1,\"a\"]").hasMessageContaining("\"a\" at index 1 is not a number");
        rejectsInput("FP32", "[2]", "[1,null]").hasMessageContaining("not a number");
        rejectsInput("FP32", "[1]", "[1e39]").hasMessageContaining("out of range for FP32");
        rejectsInput("FP64", "[1]", "[true]").hasMessageContaining("not a number");
        rejectsInput("INT32", "[2]", "[1,1.5]").hasMessageContaining("1.5 at index 1 is not an integer");
        rejectsInput("INT8", "[1]", "[128]").hasMessageContaining("128 at index 0 is out of range for INT8");
        rejectsInput("INT16", "[1]", "[-32769]").hasMessageContaining("out of range for INT16");
        rejectsInput("INT32", "[1]", "[2147483648]").hasMessageContaining("out of range for INT32");
        rejectsInput("INT64", "[1]", "[9223372036854775808]").hasMessageContaining("out of range for INT64");
        rejectsInput("UINT8", "[2]", "[1,256]").hasMessageContaining("256 at index 1 is out of range for UINT8");
        rejectsInput("UINT8", "[1]", "[-1]").hasMessageContaining("out of range for UINT8");
        rejectsInput("UINT32", "[1]", "[4294967296]").hasMessageContaining("out of range for UINT32");
        rejectsInput("UINT64", "[1]", "[18446744073709551616]").hasMessageContaining("out of range for UINT64");
        rejectsInput("UINT64", "[1]", "[-1]").hasMessageContaining("out of range for UINT64");
        rejectsInput("BOOL", "[1]", "[1]").hasMessageContaining("not a boolean");
        rejectsInput("BYTES", "[1]", "[1]").hasMessageContaining("not a string");
        rejectsInput("INT32", "[1]", "[{\"a\":1}]").hasMessageContaining("must be flat or nested");
    }

    @Test
    void rejectsRequestsWithoutUsableInputs() {
        rejects("{}", ErrorCode.INVALID_REQUEST).hasMessageContaining("no 'inputs'");
        rejects("{\"inputs\":[]}", ErrorCode.INVALID_REQUEST).hasMessageContaining("'inputs' is empty");
        rejects("{\"inputs\":{}}", ErrorCode.INVALID_REQUEST).hasMessageContaining("'inputs' must be an array");
        rejects("[]", ErrorCode.INVALID_REQUEST).hasMessageContaining("JSON object");
        rejects("{\"inputs\":[{\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}", ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("input 0 has no 'name'");
        rejects("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"data\":[1]}]}", ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("input 'x' has no 'datatype'");
        rejects("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"data\":[1]}]}", ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("input 'x' has no 'shape'");
        rejects("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}]}", ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("input 'x' has no 'data'");
        rejects("{\"inputs\":[" + input("x", "[1]") + "," + input("x", "[2]") + "]}", ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("input 'x' is given more than once");
    }

    private static String input(String name, String data) {
        return "{\"name\":\"" + name + "\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":" + data + "}";
    }

    @Test
    void rejectsMalformedJson() {
        rejects("{\"inputs\":[", ErrorCode.MALFORMED_JSON);
        rejects("{\"inputs\" 1}", ErrorCode.MALFORMED_JSON);
        rejects("", ErrorCode.MALFORMED_JSON).hasMessageContaining("empty");
        rejects(request("x", "FP32", "[1]", "[1]") + " {}", ErrorCode.MALFORMED_JSON);
        rejects(request("x", "FP32", "[1]", "[1,]"), ErrorCode.MALFORMED_JSON);
    }

    @Test
    void readsFieldsInAnyOrder() {
        InferenceCall call =
                decode("{\"inputs\":[{\"data\":[[1,2],[3,4]],\"shape\":[2,2],\"name\":\"x\",\"datatype\":\"INT64\"}],"
                        + "\"id\":\"abc\"}");
        assertThat(call.inputs().get(0).values()).isEqualTo(new long[] {1, 2, 3, 4});
        assertThat(call.id()).contains("abc");
        rejects(
                        "{\"inputs\":[{\"data\":[1,\"b\"],\"shape\":[2],\"name\":\"late\",\"datatype\":\"FP32\"}]}",
                        ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("input 'late': value \"b\" at index 1 is not a number");
    }

    @Test
    void readsIdParametersAndOutputSelection() {
        InferenceCall call = decode("{\"id\":\"req-1\",\"parameters\":{\"a\":1,\"b\":\"two\",\"c\":true,\"d\":0.5},"
                + "\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"parameters\":{\"p\":1},"
                + "\"data\":[1],\"extra\":{\"ignored\":[1]}}],"
                + "\"outputs\":[{\"name\":\"y\",\"parameters\":{\"binary_data\":false}},{\"name\":\"z\"}]}");
        assertThat(call.id()).contains("req-1");
        assertThat(call.parameters()).isEqualTo(Map.of("a", 1L, "b", "two", "c", true, "d", 0.5));
        assertThat(call.outputs()).isEqualTo(Set.of("y", "z"));
        InferenceCall plain = decode(request("x", "FP32", "[1]", "[1]"));
        assertThat(plain.id()).isEmpty();
        assertThat(plain.outputs()).isEmpty();
        assertThat(plain.parameters()).isEmpty();
        rejects("{\"id\":5," + request("x", "FP32", "[1]", "[1]").substring(1), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("'id' must be a string");
        rejects(
                        "{\"parameters\":{\"a\":[1]},"
                                + request("x", "FP32", "[1]", "[1]").substring(1),
                        ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("parameter 'a'");
        rejects("{\"outputs\":[{}]," + request("x", "FP32", "[1]", "[1]").substring(1), ErrorCode.INVALID_REQUEST)
                .hasMessageContaining("requested output 0 has no 'name'");
    }

    @Test
    void decodesSeveralInputs() {
        InferenceCall call = decode("{\"inputs\":[" + input("a", "[1]") + ","
                + "{\"name\":\"b\",\"shape\":[1,2],\"datatype\":\"BYTES\",\"data\":[\"p\",\"q\"]}]}");
        assertThat(call.inputs()).extracting(Tensor::name).containsExactly("a", "b");
    }

    @Test
    void encodesTheInferenceResponse() throws Exception {
        InferenceOutcome outcome = new InferenceOutcome(
                "iris",
                "r3",
                "uuid-1",
                List.of(
                        new Tensor("y", DataType.FP32, new long[] {1, 3}, new float[] {0.1f, 1e-7f, 3.4028235e38f}),
                        new Tensor("d", DataType.FP64, new long[] {2}, new double[] {0.1, 1.0 / 3}),
                        new Tensor("i", DataType.INT8, new long[] {2}, new int[] {-1, 2}),
                        new Tensor("l", DataType.INT64, new long[] {1}, new long[] {Long.MIN_VALUE}),
                        new Tensor("u", DataType.UINT64, new long[] {2}, new long[] {1, -1}),
                        new Tensor("u32", DataType.UINT32, new long[] {1}, new long[] {4294967295L}),
                        new Tensor("b", DataType.BOOL, new long[] {2}, new boolean[] {true, false}),
                        new Tensor("s", DataType.BYTES, new long[] {1}, new byte[][] {
                            "é\"".getBytes(StandardCharsets.UTF_8)
                        })));
        JsonNode json = MAPPER.readTree(OipJson.inferResponse(outcome, Optional.of("client-7")));
        assertThat(json.get("model_name").asText()).isEqualTo("iris");
        assertThat(json.get("model_version").asText()).isEqualTo("r3");
        assertThat(json.get("id").asText()).isEqualTo("client-7");
        assertThat(json.get("parameters").get("request_uuid").asText()).isEqualTo("uuid-1");
        JsonNode y = json.get("outputs").get(0);
        assertThat(y.get("name").asText()).isEqualTo("y");
        assertThat(y.get("datatype").asText()).isEqualTo("FP32");
        assertThat(y.get("shape").toString()).isEqualTo("[1,3]");
        assertThat(y.get("data").toString()).isEqualTo("[0.1,1.0E-7,3.4028235E38]");
        assertThat(json.get("outputs").get(1).get("data").toString()).isEqualTo("[0.1,0.3333333333333333]");
        assertThat(json.get("outputs").get(2).get("data").toString()).isEqualTo("[-1,2]");
        assertThat(json.get("outputs").get(3).get("data").toString()).isEqualTo("[-9223372036854775808]");
        assertThat(json.get("outputs").get(4).get("data").toString()).isEqualTo("[1,18446744073709551615]");
        assertThat(json.get("outputs").get(5).get("data").toString()).isEqualTo("[4294967295]");
        assertThat(json.get("outputs").get(6).get("data").toString()).isEqualTo("[true,false]");
        assertThat(json.get("outputs").get(7).get("data").get(0).asText()).isEqualTo("é\"");

        JsonNode withoutClientId = MAPPER.readTree(OipJson.inferResponse(outcome, Optional.empty()));
        assertThat(withoutClientId.get("id").asText()).isEqualTo("uuid-1");
    }

    @ParameterizedTest
    @CsvSource({
        "FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "BOOL", "BYTES"
    })
    void roundTripsEveryDatatype(String datatype) {
        String data =
                switch (datatype) {
                    case "FP32" -> "[[0.1,-2.5E-8],[3.4028235E38,1.0]]";
                    case "FP64" -> "[[0.1,-2.5E-300],[1.7976931348623157E308,0.3333333333333333]]";
                    case "BOOL" -> "[[true,false],[false,true]]";
                    case "BYTES" -> "[[\"a\",\"bc\"],[\"\",\"ü\"]]";
                    case "INT8" -> "[[-128,127],[0,1]]";
                    case "UINT64" -> "[[0,18446744073709551615],[9223372036854775808,1]]";
                    default -> "[[0,1],[2,3]]";
                };
        InferenceCall call = decode(request("x", datatype, "[2,2]", data));
        InferenceOutcome outcome = new InferenceOutcome("m", "r", "u", call.inputs());
        InferenceCall again =
                decode(new String(OipJson.inferResponse(outcome, Optional.empty()), StandardCharsets.UTF_8)
                        .replace("\"outputs\"", "\"inputs\""));
        Tensor first = call.inputs().get(0);
        Tensor second = again.inputs().get(0);
        assertThat(second.datatype()).isEqualTo(first.datatype());
        assertThat(second.shape()).isEqualTo(first.shape());
        assertThat(second.values()).isEqualTo(first.values());
    }

    @Test
    void encodesMetadataReadinessAndErrors() throws Exception {
        assertThat(MAPPER.readTree(OipJson.serverMetadata("modelyard", "1.0")))
                .isEqualTo(MAPPER.readTree("{\"name\":\"modelyard\",\"version\":\"1.0\",\"extensions\":[]}"));
        ModelMetadataView view = new ModelMetadataView(
                "iris",
                List.of("r2", "r1"),
                "onnx_onnxv1",
                new Signature(
                        List.of(new TensorSpec("x", "FP32", List.of(-1L, 4L))),
                        List.of(new TensorSpec("y", "INT64", List.of(-1L))),
                        List.of()));
        assertThat(MAPPER.readTree(OipJson.modelMetadata(view)))
                .isEqualTo(
                        MAPPER.readTree("{\"name\":\"iris\",\"versions\":[\"r2\",\"r1\"],\"platform\":\"onnx_onnxv1\","
                                + "\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,4]}],"
                                + "\"outputs\":[{\"name\":\"y\",\"datatype\":\"INT64\",\"shape\":[-1]}]}"));
        assertThat(new String(OipJson.modelReady("iris", true), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"iris\",\"ready\":true}");
        assertThat(new String(OipJson.flag("live", true), StandardCharsets.UTF_8))
                .isEqualTo("{\"live\":true}");
        assertThat(new String(OipJson.error("bad \"x\""), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"bad \\\"x\\\"\"}");
    }
}

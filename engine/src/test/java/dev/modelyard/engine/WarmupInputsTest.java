package dev.modelyard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupInputsTest {
    @Test
    void buildsZerosWithABatchOfOne() {
        Signature signature = signature(
                new TensorSpec("features", "FP32", List.of(-1L, 3L)),
                new TensorSpec("ids", "INT64", List.of(-1L)),
                new TensorSpec("text", "BYTES", List.of(-1L, 2L)));

        List<Tensor> inputs = WarmupInputs.forSignature(signature).orElseThrow();

        assertThat(inputs.get(0).shape()).containsExactly(1, 3);
        assertThat(inputs.get(0).floats()).containsExactly(0, 0, 0);
        assertThat(inputs.get(1).datatype()).isEqualTo(DataType.INT64);
        assertThat((long[]) inputs.get(1).values()).containsExactly(0);
        byte[][] text = (byte[][]) inputs.get(2).values();
        assertThat(Arrays.asList(text)).hasSize(2).allSatisfy(bytes -> assertThat(bytes)
                .isEmpty());
    }

    @Test
    void skipsSignaturesItCannotFillHonestly() {
        assertThat(WarmupInputs.forSignature(Signature.empty())).isEmpty();
        assertThat(WarmupInputs.forSignature(signature(new TensorSpec("x", "FP32", List.of(-1L, -1L)))))
                .as("an unknown non-batch dimension")
                .isEmpty();
        assertThat(WarmupInputs.forSignature(signature(new TensorSpec("x", "FP32", List.of()))))
                .as("an unknown rank")
                .isEmpty();
        assertThat(WarmupInputs.forSignature(signature(new TensorSpec("x", "FP16", List.of(1L)))))
                .as("a raw-bytes type")
                .isEmpty();
    }

    private static Signature signature(TensorSpec... inputs) {
        return new Signature(List.of(inputs), List.of(), List.of());
    }
}

package dev.modelyard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorBatchesTest {
    @Test
    void concatenatesAlongTheFirstDimensionAndSplitsBack() {
        List<Tensor> first = List.of(
                new Tensor("ids", DataType.INT64, new long[] {1, 3}, new long[] {1, 2, 3}),
                new Tensor("text", DataType.BYTES, new long[] {1}, new byte[][] {"a".getBytes()}));
        List<Tensor> second = List.of(
                new Tensor("ids", DataType.INT64, new long[] {2, 3}, new long[] {4, 5, 6, 7, 8, 9}),
                new Tensor("text", DataType.BYTES, new long[] {2}, new byte[][] {"b".getBytes(), "c".getBytes()}));

        List<Tensor> merged = TensorBatches.concat(List.of(first, second));

        assertThat(merged.get(0).shape()).containsExactly(3, 3);
        assertThat((long[]) merged.get(0).values()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(merged.get(1).shape()).containsExactly(3);
        List<List<Tensor>> split =
                TensorBatches.split(merged, new long[] {1, 2}).orElseThrow();
        assertThat((long[]) split.get(0).get(0).values()).containsExactly(1, 2, 3);
        assertThat((long[]) split.get(1).get(0).values()).containsExactly(4, 5, 6, 7, 8, 9);
        assertThat(split.get(1).get(1).shape()).containsExactly(2);
        assertThat(new String(((byte[][]) split.get(1).get(1).values())[1])).isEqualTo("c");
    }

    @Test
    void tellsBatchableRequestsApart() {
        Tensor rowOfTwo = Tensor.ofFloats("x", new long[] {1, 2}, new float[] {1, 2});
        Tensor rowOfThree = Tensor.ofFloats("x", new long[] {1, 3}, new float[] {1, 2, 3});
        Tensor scalar = Tensor.ofFloats("x", new long[] {}, new float[] {1});

        assertThat(TensorBatches.rows(List.of(rowOfTwo))).isEqualTo(1);
        assertThat(TensorBatches.rows(List.of(scalar))).isEqualTo(-1);
        assertThat(TensorBatches.rows(List.of())).isEqualTo(-1);
        assertThat(TensorBatches.compatible(List.of(rowOfTwo), List.of(rowOfTwo)))
                .isTrue();
        assertThat(TensorBatches.compatible(List.of(rowOfTwo), List.of(rowOfThree)))
                .isFalse();
    }

    @Test
    void outputsWithoutTheBatchRowsCannotBeSplit() {
        List<Tensor> outputs = List.of(Tensor.ofFloats("sum", new long[] {1}, new float[] {3}));

        assertThat(TensorBatches.split(outputs, new long[] {1, 1})).isEmpty();
    }
}

package dev.modelyard.core.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DoubleSortTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 4095, 4096, 100_000})
    void sortsLikeArraysSort(int size) {
        SplittableRandom random = new SplittableRandom(size);
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = switch (i % 6) {
                case 0 -> random.nextDouble();
                case 1 -> (float) random.nextDouble(); // float32 probabilities: skipped digits
                case 2 -> -1e6 * random.nextGaussian();
                case 3 -> i % 12 == 3 ? -0.0 : 0.0;
                case 4 -> random.nextInt(5) - 2;
                default -> random.nextBoolean() ? Double.MAX_VALUE : -Double.MIN_VALUE;
            };
        }
        double[] expected = values.clone();
        Arrays.sort(expected);

        DoubleSort.ascending(values, size);

        assertThat(values).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {5000, 70_000})
    void sortsValuesThatShareTheirHighBitsAndOnlyTheFirstCount(int size) {
        double[] values = new double[size + 3];
        for (int i = 0; i < size; i++) {
            values[i] = 0.5 + (size - i) * 1e-12;
        }
        values[size] = -7;
        values[size + 1] = -8;
        values[size + 2] = -9;
        double[] expected = values.clone();
        Arrays.sort(expected, 0, size);

        DoubleSort.ascending(values, size);

        assertThat(values).isEqualTo(expected);
    }
}

package dev.modelyard.core.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumpySumTest {

    /**
     * Expected values are {@code repr(float(np.sum(a)))} with numpy 1.24.2 for
     * {@code a = np.array([(i % 17) * 0.1 + 1.0 / (i + 3) for i in range(n)])}; for 1000 and 12345
     * rows a plain left-to-right loop gives 803.8874678655413 and 9882.39842455757 instead.
     */
    @ParameterizedTest
    @CsvSource({"7, 3.4289682539682547", "100, 82.20708242930723", "1000, 803.8874678655415", "12345, 9882.39842455759"
    })
    void addsUpInNumpysOrder(int rows, double numpySum) {
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++) {
            values[i] = (i % 17) * 0.1 + 1.0 / (i + 3);
        }

        assertThat(NumpySum.of(values, 0, rows)).isEqualTo(numpySum);
        assertThat(NumpySum.of(i -> values[i], 0, rows)).isEqualTo(numpySum);
    }

    @Test
    void sumsARangeAndNothingToZero() {
        double[] values = {100, 1, 2, 3, 100};

        assertThat(NumpySum.of(values, 1, 4)).isEqualTo(6.0);
        assertThat(NumpySum.of(values, 2, 2)).isZero();
    }

    @Test
    void compensatedSumKeepsWhatPlainAdditionLoses() {
        CompensatedSum sum = new CompensatedSum();
        sum.add(1e16);
        sum.add(1.0);
        sum.add(1.0);
        sum.add(-1e16);

        assertThat(sum.value()).isEqualTo(2.0);
    }
}

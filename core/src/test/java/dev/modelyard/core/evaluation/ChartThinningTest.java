package dev.modelyard.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.core.evaluation.metrics.BinaryClassificationAccumulator;
import dev.modelyard.core.evaluation.metrics.Chart;
import dev.modelyard.core.evaluation.metrics.MetricSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChartThinningTest {
    @Test
    void longCurvesKeepEvenlySpacedPairedPointsAndShortOnesStayAsTheyAre() {
        Random random = new Random(3);
        int rows = 50_000;
        int[] labels = new int[rows];
        double[] scores = new double[rows];
        for (int row = 0; row < rows; row++) {
            labels[row] = random.nextInt(2);
            scores[row] = random.nextDouble();
        }
        MetricSet full =
                new BinaryClassificationAccumulator(0.5).add(labels, scores).result();
        MetricSet thinned = ChartThinning.thin(full, 1000);

        assertThat(thinned.values()).isEqualTo(full.values());
        Chart roc = full.charts().get("roc_curve");
        Chart thinRoc = thinned.charts().get("roc_curve");
        assertThat(roc.values(roc.series().get(0).name()).length).isGreaterThan(1000);
        for (Chart.Series series : thinRoc.series()) {
            double[] before = roc.values(series.name());
            double[] after = series.values();
            assertThat(after.length).isLessThanOrEqualTo(1000);
            assertThat(after[0]).isEqualTo(before[0]);
        }
        String x = thinRoc.series().get(0).name();
        String y = thinRoc.series().get(1).name();
        double[] fullX = roc.values(x);
        double[] fullY = roc.values(y);
        double[] keptX = thinRoc.values(x);
        double[] keptY = thinRoc.values(y);
        assertThat(keptX[keptX.length - 1]).isEqualTo(fullX[fullX.length - 1]);
        for (int k = 0; k < keptX.length; k++) {
            int position = (int) Math.round((double) k * (fullX.length - 1) / 999);
            assertThat(keptX[k]).isEqualTo(fullX[position]);
            assertThat(keptY[k]).isEqualTo(fullY[position]);
        }
        assertThat(thinned.charts().get("score_histogram"))
                .isEqualTo(full.charts().get("score_histogram"));
        assertThat(ChartThinning.thin(thinned, 1000)).isSameAs(thinned);
    }
}

package dev.modelyard.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The evaluation benchmark's dataset: a seeded CSV with eight standard-normal features {@code f0..f7} (four
 * decimals), a text column {@code channel} ({@code web}, {@code app}, {@code store}) and a 0/1 {@code label} drawn
 * from a logistic model of the features and the channel. The benchmark's model knows the features' true weights but
 * not the channel's, so its metrics are good without being perfect.
 */
final class EvaluationData {
    static final List<String> FEATURES =
            IntStream.range(0, 8).mapToObj(index -> "f" + index).toList();
    static final float[] WEIGHTS = {1.2f, -0.8f, 0.5f, 0.0f, 0.3f, -0.4f, 0.9f, 0.1f};
    static final float BIAS = -0.2f;
    private static final String[] CHANNELS = {"web", "app", "store"};
    private static final double[] CHANNEL_SHIFT = {0.4, -0.2, -0.6};

    /** What was written. */
    record Written(long rows, long positives, long webRows, long bytes) {}

    private EvaluationData() {}

    static Written write(Path file, long rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long positives = 0;
        long webRows = 0;
        StringBuilder line = new StringBuilder(128);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", FEATURES) + ",channel,label\n");
            for (long row = 0; row < rows; row++) {
                line.setLength(0);
                double logit = BIAS;
                for (int feature = 0; feature < WEIGHTS.length; feature++) {
                    double value = gaussian(random);
                    logit += WEIGHTS[feature] * value;
                    appendFourDecimals(line, value);
                    line.append(',');
                }
                double draw = random.nextDouble();
                int channel = draw < 0.5 ? 0 : draw < 0.8 ? 1 : 2;
                logit += CHANNEL_SHIFT[channel];
                int label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
                positives += label;
                webRows += channel == 0 ? 1 : 0;
                line.append(CHANNELS[channel]).append(',').append(label).append('\n');
                out.append(line);
            }
        }
        return new Written(rows, positives, webRows, Files.size(file));
    }

    /** A standard normal draw (Box-Muller; one of the pair is dropped, which is fine for a benchmark). */
    private static double gaussian(SplittableRandom random) {
        double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
        return radius * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** {@code value} rounded to four decimals, without {@link String#format}'s cost. */
    private static void appendFourDecimals(StringBuilder out, double value) {
        long scaled = Math.round(value * 10_000);
        if (scaled < 0) {
            out.append('-');
            scaled = -scaled;
        }
        out.append(scaled / 10_000).append('.');
        long fraction = scaled % 10_000;
        for (long digit = 1000; digit > 1 && fraction < digit; digit /= 10) {
            out.append('0');
        }
        out.append(fraction);
    }
}

package dev.modelyard.core.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The scikit-learn reference cases in {@code src/test/resources/metrics/} (see the README there) and
 * the comparison of a {@link MetricSet} with one of them.
 */
final class ReferenceCases {
    /**
     * Agreement required: {@code |actual − expected| <= 1e-9 · max(1, |expected|)}, i.e. 1e-9
     * absolute for values up to 1 and 1e-9 relative beyond (MAPE reaches 3e13 in one case).
     */
    static final double TOLERANCE = 1e-9;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceCases() {}

    /** Each case of a reference file, named for the test report. */
    static Stream<Named<JsonNode>> cases(String file) {
        JsonNode document = readJson(file);
        List<Named<JsonNode>> cases = new ArrayList<>();
        document.get("cases").forEach(one -> cases.add(Named.of(one.get("name").asText(), one)));
        return cases.stream();
    }

    static JsonNode readJson(String file) {
        try (InputStream in = resource(file)) {
            return JSON.readTree(in);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    static int[] labels(JsonNode referenceCase) {
        JsonNode input = referenceCase.get("input").get("labels");
        if (input.isArray()) {
            return intArray(input);
        }
        return Arrays.stream(csvColumn(
                        input.get("file").asText(), input.get("column").asText()))
                .mapToInt(Integer::parseInt)
                .toArray();
    }

    /** An inline array of numbers or a {@code {file, column}} reference to a CSV column. */
    static double[] doubles(JsonNode referenceCase, String inputName) {
        JsonNode input = referenceCase.get("input").get(inputName);
        if (input.isArray()) {
            return numbers(input);
        }
        return parseDoubles(
                csvColumn(input.get("file").asText(), input.get("column").asText()));
    }

    /** Row-major n×k probabilities, inline or from the CSV columns {@code p0..p(k-1)}. */
    static double[] probabilities(JsonNode referenceCase) {
        JsonNode input = referenceCase.get("input").get("probabilities");
        if (input.isArray()) {
            return numbers(input);
        }
        String file = input.get("file").asText();
        List<double[]> columns = new ArrayList<>();
        input.get("columns").forEach(column -> columns.add(parseDoubles(csvColumn(file, column.asText()))));
        int rows = columns.get(0).length;
        int classes = columns.size();
        double[] rowMajor = new double[rows * classes];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < classes; column++) {
                rowMajor[row * classes + column] = columns.get(column)[row];
            }
        }
        return rowMajor;
    }

    static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return switch (node.asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException("not a number: " + node);
        };
    }

    static double[] numbers(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(array.get(i));
        }
        return values;
    }

    /**
     * Asserts that {@code actual} says what scikit-learn said: the same defined and undefined metric
     * names, each value and each chart point within {@link #TOLERANCE}, the same charts and series,
     * and the same confusion matrix (when the case has one).
     */
    static void assertMatchesReference(MetricSet actual, JsonNode expected) {
        JsonNode expectedValues = expected.get("values");
        assertThat(actual.values().keySet()).containsExactlyElementsOf(fieldNames(expectedValues));
        for (String metric : fieldNames(expectedValues)) {
            assertClose(metric, actual.values().get(metric), number(expectedValues.get(metric)));
        }
        assertThat(actual.undefined().keySet())
                .as("undefined metrics and charts; scikit-learn said %s", expected.get("undefined"))
                .containsExactlyInAnyOrderElementsOf(fieldNames(expected.get("undefined")));

        JsonNode expectedCharts = expected.get("charts");
        assertThat(actual.charts().keySet()).containsExactlyInAnyOrderElementsOf(fieldNames(expectedCharts));
        for (String chartName : fieldNames(expectedCharts)) {
            Chart chart = actual.charts().get(chartName);
            JsonNode expectedSeries = expectedCharts.get(chartName);
            assertThat(chart.series().stream().map(Chart.Series::name))
                    .as(chartName)
                    .containsExactlyElementsOf(fieldNames(expectedSeries));
            for (String seriesName : fieldNames(expectedSeries)) {
                assertSeriesClose(
                        chartName + "." + seriesName,
                        chart.values(seriesName),
                        numbers(expectedSeries.get(seriesName)));
            }
        }
        if (expected.has("confusion_matrix")) {
            JsonNode matrix = expected.get("confusion_matrix");
            long[][] expectedMatrix = new long[matrix.size()][];
            for (int row = 0; row < matrix.size(); row++) {
                expectedMatrix[row] = new long[matrix.get(row).size()];
                for (int column = 0; column < expectedMatrix[row].length; column++) {
                    expectedMatrix[row][column] = matrix.get(row).get(column).longValue();
                }
            }
            assertThat(actual.confusionMatrix()).isDeepEqualTo(expectedMatrix);
        }
    }

    static void assertClose(String what, double actual, double expected) {
        boolean close = Double.isNaN(expected)
                ? Double.isNaN(actual)
                : Math.abs(actual - expected) <= TOLERANCE * Math.max(1.0, Math.abs(expected));
        if (!close) {
            fail("%s: expected %s (scikit-learn) but got %s, off by %s", what, expected, actual, actual - expected);
        }
    }

    static void assertSeriesClose(String what, double[] actual, double[] expected) {
        assertThat(actual.length).as("%s length", what).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertClose(what + "[" + i + "]", actual[i], expected[i]);
        }
    }

    /** Asserts two results of the same rows agree, e.g. one batch against many. */
    static void assertSameResult(MetricSet actual, MetricSet expected) {
        assertThat(actual.values().keySet())
                .containsExactlyElementsOf(expected.values().keySet());
        expected.values()
                .forEach((metric, value) -> assertClose(metric, actual.values().get(metric), value));
        assertThat(actual.undefined()).isEqualTo(expected.undefined());
        assertThat(actual.charts().keySet())
                .containsExactlyElementsOf(expected.charts().keySet());
        for (Map.Entry<String, Chart> chart : expected.charts().entrySet()) {
            for (Chart.Series series : chart.getValue().series()) {
                assertSeriesClose(
                        chart.getKey() + "." + series.name(),
                        actual.charts().get(chart.getKey()).values(series.name()),
                        series.values());
            }
        }
        assertThat(actual.confusionMatrix()).isDeepEqualTo(expected.confusionMatrix());
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int[] intArray(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).intValue();
        }
        return values;
    }

    private static double[] parseDoubles(String[] texts) {
        return Arrays.stream(texts).mapToDouble(Double::parseDouble).toArray();
    }

    /** One column of a fixture CSV (header row, comma-separated, no quoting). */
    static String[] csvColumn(String file, String column) {
        String text;
        try (InputStream in = resource(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        String[] lines = text.split("\n");
        int index = Arrays.asList(lines[0].split(",")).indexOf(column);
        assertThat(index).as("column %s in %s", column, file).isNotNegative();
        String[] values = new String[lines.length - 1];
        for (int line = 1; line < lines.length; line++) {
            values[line - 1] = lines[line].split(",")[index];
        }
        return values;
    }

    private static InputStream resource(String file) {
        InputStream in = ReferenceCases.class.getResourceAsStream("/metrics/" + file);
        if (in == null) {
            throw new IllegalStateException("missing test resource /metrics/" + file);
        }
        return in;
    }
}

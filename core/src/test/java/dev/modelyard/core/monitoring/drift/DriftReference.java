package dev.modelyard.core.monitoring.drift;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The scipy reference data in {@code src/test/resources/drift/} (see the README there), and the
 * comparisons the drift tests make with it.
 *
 * <p>Agreement required:
 *
 * <ul>
 *   <li>statistics and distances: {@code |actual − expected| <= 1e-9 · max(1, |expected|)}, i.e. 1e-9
 *       absolute (they are at most about 1, except chi-squared statistics and Wasserstein distances,
 *       which are held to 1e-9 relative);
 *   <li>p-values: {@code |actual − expected| <= 1e-9 · |expected|}, 1e-9 relative however small the
 *       p-value, except below 1e-300, where doubles lose precision (subnormals) and an absolute
 *       1e-300 applies.
 * </ul>
 */
final class DriftReference {
    static final double TOLERANCE = 1e-9;
    static final double SMALLEST_RELATIVE_P_VALUE = 1e-300;

    private static final JsonNode DOCUMENT = read("drift_reference.json");

    private DriftReference() {}

    static JsonNode document() {
        return DOCUMENT;
    }

    static Stream<Named<JsonNode>> numericCases() {
        return named(DOCUMENT.get("numeric_cases"));
    }

    static Stream<Named<JsonNode>> categoricalCases() {
        return named(DOCUMENT.get("categorical_cases"));
    }

    private static Stream<Named<JsonNode>> named(JsonNode cases) {
        List<Named<JsonNode>> named = new ArrayList<>();
        cases.forEach(one -> named.add(Named.of(one.get("name").asText(), one)));
        return named.stream();
    }

    static double[] sample(String name) {
        JsonNode values = DOCUMENT.get("samples").get(name);
        if (values == null) {
            throw new IllegalStateException("no sample " + name + " in the reference file");
        }
        return numbers(values);
    }

    static double[] baseline(JsonNode referenceCase) {
        return sample(referenceCase.get("input").get("baseline").asText());
    }

    static double[] current(JsonNode referenceCase) {
        return sample(referenceCase.get("input").get("current").asText());
    }

    /** The categorical case's counts as an ordered map per side. */
    static Map<String, Long> counts(JsonNode referenceCase, String side) {
        Map<String, Long> counts = new LinkedHashMap<>();
        JsonNode categories = referenceCase.get("categories");
        JsonNode values = referenceCase.get(side + "_counts");
        for (int i = 0; i < categories.size(); i++) {
            counts.put(categories.get(i).asText(), values.get(i).longValue());
        }
        return counts;
    }

    static double value(JsonNode referenceCase, String name) {
        JsonNode node = referenceCase.get("values").get(name);
        if (node == null) {
            throw new IllegalStateException(referenceCase.get("name") + " has no value " + name);
        }
        return number(node);
    }

    static boolean isUndefined(JsonNode referenceCase, String name) {
        return referenceCase.get("undefined").has(name);
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

    /** A statistic or distance: 1e-9 absolute up to 1, 1e-9 relative beyond. */
    static void assertClose(String what, double actual, double expected) {
        boolean close;
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            close = Double.compare(actual, expected) == 0;
        } else {
            close = Math.abs(actual - expected) <= TOLERANCE * Math.max(1.0, Math.abs(expected));
        }
        if (!close) {
            fail("%s: expected %s (scipy) but got %s, off by %s", what, expected, actual, actual - expected);
        }
    }

    /** A p-value: 1e-9 relative, or 1e-300 absolute below 1e-300. */
    static void assertPValueClose(String what, double actual, double expected) {
        boolean close;
        if (Double.isNaN(expected)) {
            close = Double.isNaN(actual);
        } else {
            double allowed = Math.max(TOLERANCE * Math.abs(expected), SMALLEST_RELATIVE_P_VALUE);
            close = Math.abs(actual - expected) <= allowed;
        }
        if (!close) {
            fail(
                    "%s: expected p-value %s (scipy) but got %s, off by %s (relative %s)",
                    what, expected, actual, actual - expected, (actual - expected) / expected);
        }
    }

    private static JsonNode read(String file) {
        try (InputStream in = DriftReference.class.getResourceAsStream("/drift/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /drift/" + file);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}

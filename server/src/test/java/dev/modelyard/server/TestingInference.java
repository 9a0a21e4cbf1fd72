package dev.modelyard.server;

import java.time.Duration;
import java.util.function.Supplier;

/** Inference requests for the wine fixture model, and waiting for serving to catch up. */
final class TestingInference {
    /** The first row of wine.csv: the 13 features of wine_mlp.onnx, in input order. */
    static final String WINE_ROW = "14.23,1.71,2.43,15.6,127,2.8,3.06,0.28,2.29,5.64,1.04,3.92,1065";

    private static final String[] WINE_FEATURES = {
        "alcohol",
        "malic_acid",
        "ash",
        "alcalinity_of_ash",
        "magnesium",
        "total_phenols",
        "flavanoids",
        "nonflavanoid_phenols",
        "proanthocyanins",
        "color_intensity",
        "hue",
        "od280_od315_of_diluted_wines",
        "proline"
    };

    private TestingInference() {}

    /** An OIP inference request for the first wine row. */
    static String wineRequest() {
        return "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,13],\"datatype\":\"FP32\",\"data\":[" + WINE_ROW + "]}]}";
    }

    /** The first wine row as a simple-JSON instance, with {@code extra} JSON members appended. */
    static String wineInstance(String extra) {
        String[] values = WINE_ROW.split(",");
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < WINE_FEATURES.length; i++) {
            json.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(WINE_FEATURES[i])
                    .append("\":")
                    .append(values[i]);
        }
        return json.append(extra).append('}').toString();
    }

    /** Polls until the condition holds; fails after 20 s. */
    static void waitFor(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

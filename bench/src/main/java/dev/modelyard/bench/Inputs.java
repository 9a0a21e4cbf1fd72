package dev.modelyard.bench;

/** The fixed request rows the benchmarks send. */
final class Inputs {
    /** The first row of the wine data set (13 features), as the server tests use it. */
    static final float[] WINE_ROW = {
        14.23f, 1.71f, 2.43f, 15.6f, 127f, 2.8f, 3.06f, 0.28f, 2.29f, 5.64f, 1.04f, 3.92f, 1065f
    };

    private Inputs() {}

    /** The wine row for 13 features; otherwise a repeating 0..16 ramp (digits pixels are 0..16). */
    static float[] row(int features) {
        if (features == WINE_ROW.length) {
            return WINE_ROW.clone();
        }
        float[] row = new float[features];
        for (int index = 0; index < features; index++) {
            row[index] = index % 17;
        }
        return row;
    }
}

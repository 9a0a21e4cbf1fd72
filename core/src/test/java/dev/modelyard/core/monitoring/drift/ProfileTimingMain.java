package dev.modelyard.core.monitoring.drift;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * Prints how fast {@link NumericProfile} profiles rows: 20 numeric features × 1,000,000 rows, once with
 * the KLL sketch alone and once also keeping the values (the default limit of 1,000,000). Asserts
 * nothing and is not run by the build. Rows are added one at a time, row by row, as a stream would
 * deliver them. It prints rows/s by wall-clock time and by the thread's CPU time; the latter is the
 * per-core rate and stays meaningful when other processes share the machine. Run from the repository root after {@code mvn -pl core test-compile}:
 *
 * <pre>
 * mvn -q -pl core dependency:build-classpath -Dmdep.outputFile=target/classpath
 * java -cp core/target/classes:core/target/test-classes:$(cat core/target/classpath) \
 *     dev.modelyard.core.monitoring.drift.ProfileTimingMain
 * </pre>
 */
final class ProfileTimingMain {
    private static final int FEATURES = 20;
    private static final int ROWS = 1_000_000;

    private ProfileTimingMain() {}

    public static void main(String[] arguments) {
        SplittableRandom random = new SplittableRandom(20240615);
        double[][] columns = new double[FEATURES][ROWS];
        for (int feature = 0; feature < FEATURES; feature++) {
            for (int row = 0; row < ROWS; row++) {
                columns[feature][row] = feature + random.nextGaussian();
            }
        }
        for (int round = 1; round <= 3; round++) {
            report("sketch only        ", round, columns, 0);
            report("sketch and values  ", round, columns, NumericProfile.DEFAULT_RETAINED_VALUE_LIMIT);
        }
    }

    private static void report(String what, int round, double[][] columns, int retainedValueLimit) {
        NumericProfile[] profiles = new NumericProfile[FEATURES];
        for (int feature = 0; feature < FEATURES; feature++) {
            profiles[feature] = new NumericProfile(retainedValueLimit, NumericProfile.DEFAULT_SKETCH_SIZE);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int row = 0; row < ROWS; row++) { // row by row, as rows arrive
            for (int feature = 0; feature < FEATURES; feature++) {
                profiles[feature].add(columns[feature][row]);
            }
        }
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "round %d, %s: %d features x %,d rows in %.2f s wall (%,.0f rows/s), %.2f s CPU (%,.0f rows/s"
                        + " per core); median of feature 0: %.4f%n",
                round,
                what,
                FEATURES,
                ROWS,
                seconds,
                ROWS / seconds,
                cpuSeconds,
                ROWS / cpuSeconds,
                profiles[0].quantile(0.5));
    }
}

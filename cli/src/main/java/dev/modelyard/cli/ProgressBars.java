package dev.modelyard.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The progress bars of long transfers and evaluations, drawn on stderr. */
final class ProgressBars {
    /** Transfers above this size get a progress bar (unless the output is JSON). */
    static final long TRANSFER_THRESHOLD_BYTES = ModelsCommand.PROGRESS_BAR_THRESHOLD_BYTES;

    private ProgressBars() {}

    /** A bar counting bytes in MiB, with the speed. */
    static ProgressBar bytes(PrintStream err, String task, long totalBytes) {
        return builder(err, task, totalBytes)
                .setUnit("MiB", 1024 * 1024)
                .showSpeed()
                .build();
    }

    /** A bar counting rows. */
    static ProgressBar rows(PrintStream err, String task, long totalRows) {
        return builder(err, task, totalRows).setUnit(" rows", 1).build();
    }

    private static ProgressBarBuilder builder(PrintStream err, String task, long max) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(max, 1))
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(err, 100));
    }
}

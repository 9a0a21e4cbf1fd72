package dev.modelyard.core.runtime;

/** How a runtime should run one loaded model: threads inside one prediction (intra-op). */
public record RuntimeOptions(int intraOpThreads) {
    public RuntimeOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1");
        }
    }

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(1);
    }
}

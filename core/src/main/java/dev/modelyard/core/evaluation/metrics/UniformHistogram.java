package dev.modelyard.core.evaluation.metrics;

/**
 * numpy's {@code np.histogram(values, bins, range=(first, last))} with equal bins: edges from
 * {@code np.linspace}, values outside {@code [first, last]} left out, each bin half-open except the
 * last, which includes {@code last}. Bin indices are computed as numpy does (scale, truncate, then
 * correct by one against the edges), so values on an edge land in the same bin as in numpy.
 */
final class UniformHistogram {
    private final double firstEdge;
    private final double lastEdge;
    private final double[] edges;
    private final double scale;
    private final long[] counts;

    UniformHistogram(double firstEdge, double lastEdge, int bins) {
        if (bins < 1 || !(firstEdge < lastEdge) || !Double.isFinite(firstEdge) || !Double.isFinite(lastEdge)) {
            throw new IllegalArgumentException("bad histogram range " + firstEdge + ".." + lastEdge + " / " + bins);
        }
        this.firstEdge = firstEdge;
        this.lastEdge = lastEdge;
        this.edges = linspace(firstEdge, lastEdge, bins + 1);
        this.scale = bins / (lastEdge - firstEdge);
        this.counts = new long[bins];
    }

    /** numpy's range for {@code np.histogram(values, bins)}: min and max, widened by 0.5 if equal. */
    static UniformHistogram overDataRange(double min, double max, int bins) {
        return min == max ? new UniformHistogram(min - 0.5, max + 0.5, bins) : new UniformHistogram(min, max, bins);
    }

    void add(double value) {
        if (!(value >= firstEdge && value <= lastEdge)) {
            return;
        }
        int bins = counts.length;
        int bin = (int) ((value - firstEdge) * scale);
        if (bin == bins) {
            bin--;
        }
        if (value < edges[bin]) {
            bin--;
        }
        if (bin != bins - 1 && value >= edges[bin + 1]) {
            bin++;
        }
        counts[bin]++;
    }

    Chart.Series edgesSeries() {
        return new Chart.Series("bin_edges", edges);
    }

    Chart.Series countsSeries(String name) {
        double[] asDoubles = new double[counts.length];
        for (int bin = 0; bin < counts.length; bin++) {
            asDoubles[bin] = counts[bin];
        }
        return new Chart.Series(name, asDoubles);
    }

    /** {@code np.linspace(start, stop, count)}: {@code i * step + start}, the last exactly {@code stop}. */
    static double[] linspace(double start, double stop, int count) {
        double step = (stop - start) / (count - 1);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i * step + start;
        }
        values[count - 1] = stop;
        return values;
    }
}

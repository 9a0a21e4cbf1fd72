package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.commons.compress.utils.InputStreamStatistics;

/**
 * Reads one zip entry while counting the bytes it really produces (declared sizes are never trusted): aborts when
 * the package's total passes {@link PackageLimits#maxUncompressedBytes()} or when the entry, past 1 MiB, expands more
 * than {@link PackageLimits#maxCompressionRatio()} times its compressed bytes. Computes the CRC-32 on the way.
 */
final class GuardedEntryInputStream extends InputStream {

    static final long RATIO_CHECK_THRESHOLD_BYTES = 1024L * 1024L;

    private final InputStream delegate;
    private final InputStreamStatistics statistics;
    private final long declaredCompressedSize;
    private final String entryName;
    private final ExtractionBudget budget;
    private final CRC32 checksum = new CRC32();
    private long entryBytes;
    private byte[] skipBuffer;

    GuardedEntryInputStream(
            InputStream delegate, long declaredCompressedSize, String entryName, ExtractionBudget budget) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.statistics = delegate instanceof InputStreamStatistics streamStatistics ? streamStatistics : null;
        this.declaredCompressedSize = declaredCompressedSize;
        this.entryName = requireNonNull(entryName, "entryName is null");
        this.budget = requireNonNull(budget, "budget is null");
    }

    long entryBytes() {
        return entryBytes;
    }

    long checksum() {
        return checksum.getValue();
    }

    @Override
    public int read() throws IOException {
        int next = delegate.read();
        if (next >= 0) {
            checksum.update(next);
            count(1);
        }
        return next;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = delegate.read(buffer, offset, length);
        if (read > 0) {
            checksum.update(buffer, offset, read);
            count(read);
        }
        return read;
    }

    @Override
    public long skip(long count) throws IOException {
        if (skipBuffer == null) {
            skipBuffer = new byte[64 * 1024];
        }
        long skipped = 0;
        while (skipped < count) {
            int read = read(skipBuffer, 0, (int) Math.min(skipBuffer.length, count - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    /** Reads and discards the rest of the entry. */
    void drain() throws IOException {
        while (skip(Long.MAX_VALUE) > 0) {
            // skip counts and checksums everything it reads
        }
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    private void count(int bytes) {
        entryBytes += bytes;
        if (!budget.add(bytes)) {
            throw budget.record(new ModelyardException(
                    ErrorCode.INVALID_PACKAGE,
                    "the package expands to more than " + budget.limits().maxUncompressedBytes()
                            + " bytes (reached while reading '" + entryName + "'); Modelyard stops there to protect"
                            + " itself from zip bombs: upload a smaller package or ask an administrator to raise the"
                            + " limit",
                    Map.of("entry", entryName, "limit_bytes", budget.limits().maxUncompressedBytes())));
        }
        if (entryBytes > RATIO_CHECK_THRESHOLD_BYTES) {
            long compressedBytes = statistics != null ? statistics.getCompressedCount() : declaredCompressedSize;
            double ratio = (double) entryBytes / Math.max(1, compressedBytes);
            if (ratio > budget.limits().maxCompressionRatio()) {
                throw budget.record(new ModelyardException(
                        ErrorCode.INVALID_PACKAGE,
                        "the package entry '" + entryName + "' expands more than "
                                + formatRatio(budget.limits().maxCompressionRatio())
                                + " times its compressed size, which looks like a zip bomb; Modelyard refuses it."
                                + " Store such data uncompressed or less redundant",
                        Map.of(
                                "entry",
                                entryName,
                                "limit_ratio",
                                budget.limits().maxCompressionRatio())));
            }
        }
    }

    private static String formatRatio(double ratio) {
        return ratio == Math.rint(ratio) ? Long.toString((long) ratio) : Double.toString(ratio);
    }
}

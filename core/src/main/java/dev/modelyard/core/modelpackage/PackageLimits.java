package dev.modelyard.core.modelpackage;

/**
 * How much a model package may expand to when Modelyard reads it.
 *
 * @param maxUncompressedBytes the most bytes all entries of a zip may expand to, counted while reading
 * @param maxEntries the most entries (files and folders) a zip may hold
 * @param maxCompressionRatio the highest ratio of uncompressed to compressed bytes an entry may reach once it has
 *     produced more than 1 MiB
 * @param maxManifestBytes the largest {@code modelyard.yaml}, in bytes
 */
public record PackageLimits(
        long maxUncompressedBytes, int maxEntries, double maxCompressionRatio, long maxManifestBytes) {

    private static final long MEBIBYTE = 1024L * 1024L;
    private static final long GIBIBYTE = 1024L * MEBIBYTE;

    public PackageLimits {
        if (maxUncompressedBytes <= 0) {
            throw new IllegalArgumentException("maxUncompressedBytes must be positive, got " + maxUncompressedBytes);
        }
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        if (!(maxCompressionRatio >= 1.0)) {
            throw new IllegalArgumentException("maxCompressionRatio must be at least 1, got " + maxCompressionRatio);
        }
        if (maxManifestBytes <= 0) {
            throw new IllegalArgumentException("maxManifestBytes must be positive, got " + maxManifestBytes);
        }
    }

    /** 4 GiB uncompressed, 10,000 entries, a compression ratio of 100 and a 1 MiB manifest. */
    public static PackageLimits defaults() {
        return new PackageLimits(4 * GIBIBYTE, 10_000, 100.0, MEBIBYTE);
    }
}

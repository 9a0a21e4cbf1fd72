package dev.modelyard.core.modelpackage;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ModelyardException;

/**
 * The bytes all entries of one package have produced so far, against {@link PackageLimits#maxUncompressedBytes()},
 * and the first limit violation, kept so that it wins over whatever error a reader makes of the aborted stream.
 * Used by one thread at a time.
 */
final class ExtractionBudget {

    private final PackageLimits limits;
    private long uncompressedBytes;
    private ModelyardException violation;

    ExtractionBudget(PackageLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
    }

    PackageLimits limits() {
        return limits;
    }

    long uncompressedBytes() {
        return uncompressedBytes;
    }

    /** Adds bytes; returns false when the total is now above the limit. */
    boolean add(long bytes) {
        uncompressedBytes += bytes;
        return uncompressedBytes <= limits.maxUncompressedBytes();
    }

    ModelyardException record(ModelyardException exception) {
        if (violation == null) {
            violation = exception;
        }
        return violation;
    }

    ModelyardException violation() {
        return violation;
    }
}

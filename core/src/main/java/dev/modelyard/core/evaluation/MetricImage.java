package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.Names;

/** A PNG image of a metric set, stored in the blob store under its digest. */
public record MetricImage(String name, String digest, long sizeBytes) {
    public MetricImage {
        Names.requireValid("image", name);
        requireNonNull(digest, "digest is null");
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("an image has at least one byte");
        }
    }
}

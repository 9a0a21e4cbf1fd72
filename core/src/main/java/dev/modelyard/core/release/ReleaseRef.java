package dev.modelyard.core.release;

import static java.util.Objects.requireNonNull;

/** A release as tag history names it: its id and (immutable) version string. */
public record ReleaseRef(String id, String version) {
    public ReleaseRef {
        requireNonNull(id, "id is null");
        requireNonNull(version, "version is null");
    }
}

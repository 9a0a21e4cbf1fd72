package dev.modelyard.core.release;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** An objective's tag now: whether it is protected, and the release carrying it since when. */
public record TagState(String tag, boolean protectedTag, Optional<ReleaseRef> release, Optional<Instant> since) {
    public TagState {
        requireNonNull(tag, "tag is null");
        requireNonNull(release, "release is null");
        requireNonNull(since, "since is null");
    }
}

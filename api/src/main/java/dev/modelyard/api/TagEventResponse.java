package dev.modelyard.api;

import java.time.Instant;

/** One tag move: put on {@code release} (null: removed), taken off {@code previous}. */
public record TagEventResponse(long sequence, String tag, String release, String previous, String actor, Instant at) {}

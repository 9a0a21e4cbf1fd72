package dev.modelyard.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An environment tag of an objective and the release (version) carrying it now, if any. */
public record TagResponse(String tag, @JsonProperty("protected") boolean protectedTag, String release, Instant since) {}

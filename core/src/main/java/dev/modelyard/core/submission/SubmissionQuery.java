package dev.modelyard.core.submission;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.PageRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Which submissions of an objective to list, by number ascending: optionally of one status, and
 * only those whose metadata field equals each given value (compared as {@link
 * SubmissionMetadata#canonical canonical text}).
 */
public record SubmissionQuery(Optional<SubmissionStatus> status, Map<String, String> metadataEquals, PageRequest page) {
    public SubmissionQuery {
        requireNonNull(status, "status is null");
        metadataEquals = Map.copyOf(requireNonNull(metadataEquals, "metadataEquals is null"));
        requireNonNull(page, "page is null");
    }
}

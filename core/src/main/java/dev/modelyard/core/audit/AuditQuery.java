package dev.modelyard.core.audit;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.PageRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Which audit events to list, newest first: of one project or of the whole instance, in the
 * half-open window {@code [from, to)}, optionally of one resource type.
 */
public record AuditQuery(
        Optional<String> projectId,
        Optional<Instant> from,
        Optional<Instant> to,
        Optional<String> resourceType,
        PageRequest page) {
    public AuditQuery {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(resourceType, "resourceType is null");
        requireNonNull(page, "page is null");
    }
}

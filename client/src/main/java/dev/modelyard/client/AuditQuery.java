package dev.modelyard.client;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** Filters for an audit listing: a time window, one resource type, and which page. */
public record AuditQuery(
        Optional<Instant> from, Optional<Instant> to, Optional<String> resourceType, PageOptions page) {
    public AuditQuery {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(resourceType, "resourceType is null");
        requireNonNull(page, "page is null");
    }

    /** Every event, newest first, first page. */
    public static AuditQuery everything() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), PageOptions.firstPage());
    }

    public AuditQuery withFrom(Instant from) {
        return new AuditQuery(Optional.ofNullable(from), to, resourceType, page);
    }

    public AuditQuery withTo(Instant to) {
        return new AuditQuery(from, Optional.ofNullable(to), resourceType, page);
    }

    public AuditQuery withResourceType(String resourceType) {
        return new AuditQuery(from, to, Optional.ofNullable(resourceType).filter(type -> !type.isEmpty()), page);
    }

    public AuditQuery withPage(PageOptions page) {
        return new AuditQuery(from, to, resourceType, page);
    }
}

package dev.modelyard.core.audit;

import java.util.List;

/** The append-only audit log. Implementations run inside the caller's transaction. */
public interface AuditStore {
    void append(AuditEvent event);

    /**
     * Events matching the query, newest first; {@code query.page().after()} holds the {@link
     * AuditEvent#sortKey()} of the last event of the previous page; at most {@code maxResults + 1}.
     */
    List<AuditEvent> list(AuditQuery query);
}

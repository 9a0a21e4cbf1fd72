package dev.modelyard.core.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An append-only record of one governance change: who did what to which resource, and the state
 * before and after (absent for a creation's before and a deletion's after).
 */
public record AuditEvent(
        String id,
        Instant at,
        String actorId,
        String actorName,
        Optional<String> projectId,
        String action,
        String resourceType,
        String resourceId,
        String resourceName,
        Optional<Map<String, Object>> before,
        Optional<Map<String, Object>> after) {
    public AuditEvent {
        requireNonNull(id, "id is null");
        requireNonNull(at, "at is null");
        requireNonNull(actorId, "actorId is null");
        requireNonNull(actorName, "actorName is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(action, "action is null");
        requireNonNull(resourceType, "resourceType is null");
        requireNonNull(resourceId, "resourceId is null");
        requireNonNull(resourceName, "resourceName is null");
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
    }

    /** The page-token sort key: newest first by time, then id. */
    public String sortKey() {
        return at.getEpochSecond() + "." + String.format("%09d", at.getNano()) + ":" + id;
    }
}

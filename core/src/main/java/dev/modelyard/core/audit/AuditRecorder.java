package dev.modelyard.core.audit;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.user.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Writes audit events inside the transaction of the change they describe. */
public final class AuditRecorder {
    private final Clock clock;

    public AuditRecorder(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What changed: the resource, and its state before and after (null for none). */
    public record Change(
            String action,
            String resourceType,
            String resourceId,
            String resourceName,
            Map<String, Object> before,
            Map<String, Object> after) {
        public Change {
            requireNonNull(action, "action is null");
            requireNonNull(resourceType, "resourceType is null");
            requireNonNull(resourceId, "resourceId is null");
            requireNonNull(resourceName, "resourceName is null");
        }
    }

    public void record(Stores stores, Principal actor, Optional<String> projectId, Change change) {
        stores.audit()
                .append(new AuditEvent(
                        UUID.randomUUID().toString(),
                        clock.instant(),
                        actor.userId(),
                        actor.user().name(),
                        projectId,
                        change.action(),
                        change.resourceType(),
                        change.resourceId(),
                        change.resourceName(),
                        Optional.ofNullable(change.before()),
                        Optional.ofNullable(change.after())));
    }
}

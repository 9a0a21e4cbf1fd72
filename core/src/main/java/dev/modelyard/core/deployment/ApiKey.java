package dev.modelyard.core.deployment;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A key that opens one deployment's inference endpoints and nothing else. The secret is shown
 * once; only its SHA-256 hash is stored.
 */
public record ApiKey(
        String id,
        String deploymentId,
        String name,
        String prefix,
        UserRef createdBy,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt) {
    public ApiKey {
        requireNonNull(id, "id is null");
        requireNonNull(deploymentId, "deploymentId is null");
        requireNonNull(name, "name is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
    }

    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("prefix", prefix);
        state.put("expires_at", expiresAt.map(Instant::toString).orElse(null));
        state.put("revoked_at", revokedAt.map(Instant::toString).orElse(null));
        return state;
    }
}

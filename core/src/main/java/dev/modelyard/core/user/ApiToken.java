package dev.modelyard.core.user;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A personal API token. The secret is shown once at creation; only its SHA-256 hash is stored
 * (tokens are 190 bits of randomness, so a fast hash is the right one). {@code prefix} is the
 * first characters of the secret, kept so a person can tell tokens apart.
 */
public record ApiToken(
        String id,
        String userId,
        String name,
        String prefix,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt) {
    public ApiToken {
        requireNonNull(id, "id is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(name, "name is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
    }

    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }

    public ApiToken revoked(Instant at) {
        return new ApiToken(id, userId, name, prefix, createdAt, expiresAt, Optional.of(at));
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("user_id", userId);
        state.put("name", name);
        state.put("prefix", prefix);
        state.put("expires_at", expiresAt.map(Instant::toString).orElse(null));
        state.put("revoked_at", revokedAt.map(Instant::toString).orElse(null));
        return state;
    }
}

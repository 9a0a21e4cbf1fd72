package dev.modelyard.core.user;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.Names;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A local account. Admins see and manage everything; others act through project roles. */
public record User(String id, String name, String displayName, boolean admin, Instant createdAt) {
    public User {
        requireNonNull(id, "id is null");
        Names.requireValid("user", name);
        displayName = displayName == null ? "" : displayName;
        requireNonNull(createdAt, "createdAt is null");
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("display_name", displayName);
        state.put("admin", admin);
        return state;
    }
}

package dev.modelyard.core.project;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A user's membership in a project; {@code userName} is read with it for display. */
public record ProjectMember(String projectId, String userId, String userName, Role role, Instant addedAt) {
    public ProjectMember {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(role, "role is null");
        requireNonNull(addedAt, "addedAt is null");
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("user_id", userId);
        state.put("user", userName);
        state.put("role", role.id());
        return state;
    }
}

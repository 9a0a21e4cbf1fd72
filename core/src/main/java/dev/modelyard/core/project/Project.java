package dev.modelyard.core.project;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.Names;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The security boundary: holds models, datasets, objectives and deployments. */
public record Project(String id, String name, String description, UserRef createdBy, Instant createdAt) {
    public Project {
        requireNonNull(id, "id is null");
        Names.requireValid("project", name);
        description = description == null ? "" : description;
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public Project withDescription(String newDescription) {
        return new Project(id, name, newDescription, createdBy, createdAt);
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("description", description);
        return state;
    }
}

package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.Names;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A named table in a project; its contents are numbered, immutable {@link DatasetVersion}s. */
public record Dataset(
        String id, String projectId, String name, String description, UserRef createdBy, Instant createdAt) {
    public Dataset {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        Names.requireValid("dataset", name);
        description = description == null ? "" : description;
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("name", name);
        state.put("description", description);
        return state;
    }
}

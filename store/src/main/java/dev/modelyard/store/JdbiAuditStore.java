package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.audit.AuditEvent;
import dev.modelyard.core.audit.AuditQuery;
import dev.modelyard.core.audit.AuditStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/** The append-only {@code audit_events} table, on one handle. */
public final class JdbiAuditStore implements AuditStore {
    private static final String EVENT_COLUMNS = "id, at, actor_id, actor_name, project_id, action, resource_type,"
            + " resource_id, resource_name, before_json, after_json";

    private final Handle handle;
    private final JsonColumns json;
    private final RowMapper<AuditEvent> eventMapper;

    public JdbiAuditStore(Handle handle) {
        this(handle, new JsonColumns());
    }

    JdbiAuditStore(Handle handle, JsonColumns json) {
        this.handle = requireNonNull(handle, "handle is null");
        this.json = requireNonNull(json, "json is null");
        this.eventMapper = (row, context) -> new AuditEvent(
                row.getString("id"),
                EpochMicros.column(row, "at"),
                row.getString("actor_id"),
                row.getString("actor_name"),
                Optional.ofNullable(row.getString("project_id")),
                row.getString("action"),
                row.getString("resource_type"),
                row.getString("resource_id"),
                row.getString("resource_name"),
                Optional.ofNullable(row.getString("before_json")).map(this.json::readObject),
                Optional.ofNullable(row.getString("after_json")).map(this.json::readObject));
    }

    @Override
    public void append(AuditEvent event) {
        handle.createUpdate(
                        """
                        INSERT INTO audit_events (id, at, actor_id, actor_name, project_id, action, resource_type,
                            resource_id, resource_name, before_json, after_json)
                        VALUES (:id, :at, :actorId, :actorName, :projectId, :action, :resourceType,
                            :resourceId, :resourceName, :beforeJson, :afterJson)
                        """)
                .bind("id", event.id())
                .bind("at", event.at())
                .bind("actorId", event.actorId())
                .bind("actorName", event.actorName())
                .bindByType("projectId", event.projectId().orElse(null), String.class)
                .bind("action", event.action())
                .bind("resourceType", event.resourceType())
                .bind("resourceId", event.resourceId())
                .bind("resourceName", event.resourceName())
                .bindByType("beforeJson", event.before().map(json::write).orElse(null), String.class)
                .bindByType("afterJson", event.after().map(json::write).orElse(null), String.class)
                .execute();
    }

    @Override
    public List<AuditEvent> list(AuditQuery query) {
        Optional<TimeSortKey> after = query.page().after().map(TimeSortKey::parse);
        StringBuilder sql = new StringBuilder("SELECT " + EVENT_COLUMNS + " FROM audit_events WHERE 1 = 1");
        query.projectId().ifPresent(projectId -> sql.append(" AND project_id = :projectId"));
        query.from().ifPresent(from -> sql.append(" AND at >= :from"));
        query.to().ifPresent(to -> sql.append(" AND at < :to"));
        query.resourceType().ifPresent(type -> sql.append(" AND resource_type = :resourceType"));
        after.ifPresent(key -> sql.append(" AND (at < :afterAt OR (at = :afterAt AND id < :afterId))"));
        sql.append(" ORDER BY at DESC, id DESC LIMIT :limit");

        Query statement = handle.createQuery(sql.toString());
        query.projectId().ifPresent(projectId -> statement.bind("projectId", projectId));
        query.from().ifPresent(from -> statement.bind("from", from));
        query.to().ifPresent(to -> statement.bind("to", to));
        query.resourceType().ifPresent(type -> statement.bind("resourceType", type));
        after.ifPresent(key -> statement.bind("afterAt", key.at()).bind("afterId", key.id()));
        return statement
                .bind("limit", query.page().maxResults() + 1)
                .map(eventMapper)
                .list();
    }
}

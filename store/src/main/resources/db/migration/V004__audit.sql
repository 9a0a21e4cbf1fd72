-- The append-only audit log. No foreign keys: events outlive the projects and users they mention.

CREATE TABLE audit_events (
    id            TEXT   ${key_collation} NOT NULL PRIMARY KEY,
    at            BIGINT NOT NULL,
    actor_id      TEXT   NOT NULL,
    actor_name    TEXT   NOT NULL,
    project_id    TEXT,
    action        TEXT   NOT NULL,
    resource_type TEXT   NOT NULL,
    resource_id   TEXT   NOT NULL,
    resource_name TEXT   NOT NULL,
    before_json   TEXT,
    after_json    TEXT
);

CREATE INDEX audit_events_project_at ON audit_events (project_id, at, id);
CREATE INDEX audit_events_at ON audit_events (at, id);

-- Objectives: the modeling problems of a project. Their lists (metrics, tags, metadata fields, release
-- checks) are JSON arrays in TEXT columns. The two counters number the objective's submissions and order
-- its tag changes; incrementing either locks the row until the transaction ends.

CREATE TABLE objectives (
    id                     TEXT    NOT NULL PRIMARY KEY,
    project_id             TEXT    NOT NULL REFERENCES projects (id),
    name                   TEXT    ${key_collation} NOT NULL,
    description            TEXT    NOT NULL,
    task_type              TEXT    NOT NULL,
    label_column           TEXT    NOT NULL,
    metrics_json           TEXT    NOT NULL,
    tags_json              TEXT    NOT NULL,
    protected_tags_json    TEXT    NOT NULL,
    metadata_fields_json   TEXT    NOT NULL,
    release_checks_json    TEXT    NOT NULL,
    archived_at            BIGINT,
    created_by             TEXT    NOT NULL REFERENCES users (id),
    created_at             BIGINT  NOT NULL,
    updated_at             BIGINT  NOT NULL,
    last_submission_number INTEGER NOT NULL DEFAULT 0,
    last_tag_sequence      BIGINT  NOT NULL DEFAULT 0,
    CONSTRAINT objectives_project_name_unique UNIQUE (project_id, name)
);

-- Models and their numbered, immutable versions. JSON documents are kept in TEXT columns.

CREATE TABLE models (
    id                  TEXT    NOT NULL PRIMARY KEY,
    project_id          TEXT    NOT NULL REFERENCES projects (id),
    name                TEXT    ${key_collation} NOT NULL,
    description         TEXT    NOT NULL,
    created_by          TEXT    NOT NULL,
    created_at          BIGINT  NOT NULL,
    last_version_number INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT models_project_name_unique UNIQUE (project_id, name)
);

CREATE TABLE model_versions (
    id              TEXT    NOT NULL PRIMARY KEY,
    model_id        TEXT    NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    number          INTEGER NOT NULL,
    digest          TEXT    NOT NULL,
    size_bytes      BIGINT  NOT NULL,
    runtime         TEXT    NOT NULL,
    format          TEXT    NOT NULL,
    file_name       TEXT    NOT NULL,
    signature_json  TEXT    NOT NULL,
    manifest_json   TEXT    NOT NULL,
    properties_json TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    CONSTRAINT model_versions_model_number_unique UNIQUE (model_id, number)
);

CREATE INDEX model_versions_digest ON model_versions (digest);

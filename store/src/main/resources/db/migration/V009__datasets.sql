-- Datasets: named tables of a project, with numbered, immutable versions. A version's rows live in
-- Parquet files in the blob store: files_json lists them in order ({digest, size_bytes, row_count});
-- a snapshot has one, an append the files of the previous version followed by its own (digest).
-- schema_json is the list of columns ({name, type}).

CREATE TABLE datasets (
    id                  TEXT    NOT NULL PRIMARY KEY,
    project_id          TEXT    NOT NULL REFERENCES projects (id),
    name                TEXT    ${key_collation} NOT NULL,
    description         TEXT    NOT NULL,
    created_by          TEXT    NOT NULL REFERENCES users (id),
    created_at          BIGINT  NOT NULL,
    last_version_number INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT datasets_project_name_unique UNIQUE (project_id, name)
);

CREATE TABLE dataset_versions (
    id                TEXT    NOT NULL PRIMARY KEY,
    dataset_id        TEXT    NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    number            INTEGER NOT NULL,
    mode              TEXT    NOT NULL,
    schema_json       TEXT    NOT NULL,
    row_count         BIGINT  NOT NULL,
    digest            TEXT    NOT NULL,
    size_bytes        BIGINT  NOT NULL,
    files_json        TEXT    NOT NULL,
    source_format     TEXT    NOT NULL,
    source_file_name  TEXT    NOT NULL,
    source_digest     TEXT    NOT NULL,
    source_size_bytes BIGINT  NOT NULL,
    created_by        TEXT    NOT NULL REFERENCES users (id),
    created_at        BIGINT  NOT NULL,
    CONSTRAINT dataset_versions_dataset_number_unique UNIQUE (dataset_id, number)
);

CREATE INDEX dataset_versions_digest ON dataset_versions (digest);

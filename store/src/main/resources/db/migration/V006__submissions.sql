-- Submissions: immutable snapshots of model versions, numbered per objective, and their reviews.
-- No foreign key to models or model_versions: the snapshot outlives the version it was copied from.

CREATE TABLE submissions (
    id                   TEXT    NOT NULL PRIMARY KEY,
    objective_id         TEXT    NOT NULL REFERENCES objectives (id),
    number               INTEGER NOT NULL,
    model_id             TEXT    NOT NULL,
    model_name           TEXT    NOT NULL,
    model_version_id     TEXT    NOT NULL,
    model_version_number INTEGER NOT NULL,
    digest               TEXT    NOT NULL,
    size_bytes           BIGINT  NOT NULL,
    runtime              TEXT    NOT NULL,
    format               TEXT    NOT NULL,
    file_name            TEXT    NOT NULL,
    signature_json       TEXT    NOT NULL,
    manifest_json        TEXT    NOT NULL,
    metadata_json        TEXT    NOT NULL,
    description          TEXT    NOT NULL,
    status               TEXT    NOT NULL,
    submitted_by         TEXT    NOT NULL REFERENCES users (id),
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL,
    CONSTRAINT submissions_objective_number_unique UNIQUE (objective_id, number)
);

CREATE INDEX submissions_model ON submissions (model_id);

-- One row per metadata field, its value as canonical text (SubmissionMetadata.canonical), for filtering.
CREATE TABLE submission_metadata (
    submission_id TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    name          TEXT ${key_collation} NOT NULL,
    value         TEXT NOT NULL,
    PRIMARY KEY (submission_id, name)
);

CREATE INDEX submission_metadata_name_value ON submission_metadata (name, value);

CREATE TABLE reviews (
    id            TEXT   ${key_collation} NOT NULL PRIMARY KEY,
    submission_id TEXT   NOT NULL REFERENCES submissions (id),
    author_id     TEXT   NOT NULL REFERENCES users (id),
    verdict       TEXT   NOT NULL,
    body          TEXT   NOT NULL,
    in_reply_to   TEXT   REFERENCES reviews (id),
    created_at    BIGINT NOT NULL
);

CREATE INDEX reviews_submission_created ON reviews (submission_id, created_at);

-- Deployments: named inference endpoints (names unique in the instance: they are the URL) serving an
-- objective's release, either the newest release carrying a tag (track_tag) or one release
-- (pinned_release), exactly one of the two. Every change is kept as a numbered revision, and API keys
-- open one deployment's endpoints (only the SHA-256 hash of their secret is stored).

CREATE TABLE deployments (
    id                 TEXT    NOT NULL PRIMARY KEY,
    project_id         TEXT    NOT NULL REFERENCES projects (id),
    name               TEXT    ${key_collation} NOT NULL,
    objective_id       TEXT    NOT NULL REFERENCES objectives (id),
    track_tag          TEXT,
    pinned_release     TEXT,
    access             TEXT    NOT NULL,
    workers            INTEGER NOT NULL,
    queue_capacity     INTEGER NOT NULL,
    timeout_ms         BIGINT  NOT NULL,
    intra_op_threads   INTEGER NOT NULL,
    max_batch_size     INTEGER NOT NULL,
    max_batch_delay_us BIGINT  NOT NULL,
    stopped            BOOLEAN NOT NULL,
    revision           INTEGER NOT NULL,
    created_by         TEXT    NOT NULL REFERENCES users (id),
    created_at         BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL,
    CONSTRAINT deployments_name_unique UNIQUE (name)
);

CREATE INDEX deployments_project_name ON deployments (project_id, name);
CREATE INDEX deployments_objective ON deployments (objective_id);

-- release_version: the release that was serving when the revision was made (NULL when none resolved).
CREATE TABLE deployment_revisions (
    id                 TEXT    NOT NULL PRIMARY KEY,
    deployment_id      TEXT    NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    number             INTEGER NOT NULL,
    change             TEXT    NOT NULL,
    track_tag          TEXT,
    pinned_release     TEXT,
    access             TEXT    NOT NULL,
    workers            INTEGER NOT NULL,
    queue_capacity     INTEGER NOT NULL,
    timeout_ms         BIGINT  NOT NULL,
    intra_op_threads   INTEGER NOT NULL,
    max_batch_size     INTEGER NOT NULL,
    max_batch_delay_us BIGINT  NOT NULL,
    stopped            BOOLEAN NOT NULL,
    release_version    TEXT,
    actor_id           TEXT    NOT NULL REFERENCES users (id),
    at                 BIGINT  NOT NULL,
    CONSTRAINT deployment_revisions_deployment_number_unique UNIQUE (deployment_id, number)
);

CREATE TABLE api_keys (
    id            TEXT   NOT NULL PRIMARY KEY,
    deployment_id TEXT   NOT NULL REFERENCES deployments (id),
    name          TEXT   NOT NULL,
    prefix        TEXT   NOT NULL,
    secret_hash   TEXT   NOT NULL,
    created_by    TEXT   NOT NULL REFERENCES users (id),
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT,
    revoked_at    BIGINT,
    CONSTRAINT api_keys_secret_hash_unique UNIQUE (secret_hash)
);

CREATE INDEX api_keys_deployment_created ON api_keys (deployment_id, created_at);

-- Releases of submissions, the environment tags on them, and the append-only history of tag moves.
-- Releases are never deleted. Tag events name releases by id and version as they were at the move.

CREATE TABLE releases (
    id                 TEXT    ${key_collation} NOT NULL PRIMARY KEY,
    objective_id       TEXT    NOT NULL REFERENCES objectives (id),
    version            TEXT    ${key_collation} NOT NULL,
    submission_id      TEXT    NOT NULL REFERENCES submissions (id),
    submission_number  INTEGER NOT NULL,
    note               TEXT    NOT NULL,
    check_results_json TEXT    NOT NULL,
    deprecation_reason TEXT,
    deprecated_at      BIGINT,
    origin             TEXT,
    created_by         TEXT    NOT NULL REFERENCES users (id),
    created_at         BIGINT  NOT NULL,
    CONSTRAINT releases_objective_version_unique UNIQUE (objective_id, version),
    CONSTRAINT releases_submission_unique UNIQUE (submission_id)
);

CREATE INDEX releases_objective_created ON releases (objective_id, created_at, id);

CREATE TABLE release_tags (
    objective_id TEXT NOT NULL REFERENCES objectives (id),
    tag          TEXT ${key_collation} NOT NULL,
    release_id   TEXT NOT NULL REFERENCES releases (id),
    PRIMARY KEY (objective_id, tag)
);

CREATE TABLE tag_events (
    id                       TEXT   NOT NULL PRIMARY KEY,
    objective_id             TEXT   NOT NULL REFERENCES objectives (id),
    tag                      TEXT   ${key_collation} NOT NULL,
    sequence                 BIGINT NOT NULL,
    release_id               TEXT,
    release_version          TEXT,
    previous_release_id      TEXT,
    previous_release_version TEXT,
    actor_id                 TEXT   NOT NULL REFERENCES users (id),
    at                       BIGINT NOT NULL,
    CONSTRAINT tag_events_objective_sequence_unique UNIQUE (objective_id, sequence)
);

CREATE INDEX tag_events_objective_tag_sequence ON tag_events (objective_id, tag, sequence);

-- Projects, the security boundary, and their members.

CREATE TABLE projects (
    id          TEXT   NOT NULL PRIMARY KEY,
    name        TEXT   ${key_collation} NOT NULL,
    description TEXT   NOT NULL,
    created_by  TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    CONSTRAINT projects_name_unique UNIQUE (name)
);

CREATE TABLE project_members (
    project_id TEXT   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    TEXT   NOT NULL REFERENCES users (id),
    role       TEXT   NOT NULL,
    added_at   BIGINT NOT NULL,
    PRIMARY KEY (project_id, user_id)
);

CREATE INDEX project_members_user ON project_members (user_id);

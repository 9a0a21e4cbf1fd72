-- Local accounts and their personal API tokens.
-- Instants are BIGINT epoch microseconds. The key_collation placeholder makes names sort in byte order
-- on every database (COLLATE "C" on PostgreSQL, BINARY on SQLite).

CREATE TABLE users (
    id           TEXT    NOT NULL PRIMARY KEY,
    name         TEXT    ${key_collation} NOT NULL,
    display_name TEXT    NOT NULL,
    is_admin     BOOLEAN NOT NULL,
    created_at   BIGINT  NOT NULL,
    CONSTRAINT users_name_unique UNIQUE (name)
);

CREATE TABLE api_tokens (
    id          TEXT   NOT NULL PRIMARY KEY,
    user_id     TEXT   NOT NULL REFERENCES users (id),
    name        TEXT   NOT NULL,
    prefix      TEXT   NOT NULL,
    secret_hash TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT,
    CONSTRAINT api_tokens_secret_hash_unique UNIQUE (secret_hash)
);

CREATE INDEX api_tokens_user_created ON api_tokens (user_id, created_at);

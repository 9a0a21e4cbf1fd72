-- Monitors: scheduled checks of a deployment's inference history. Each run stores one result per
-- window (a time series); results at or past a threshold become webhook deliveries, which are
-- retried with backoff and keep a log of every attempt.
-- parameters_json is a JSON object of strings (the kind's settings, e.g. a drift baseline);
-- webhooks_json a JSON list of {"id", "url", "secret", "include_warnings"}: the secrets sign the
-- alerts, so they are kept as given. next_run_at is when the schedule fires next; a runner takes a
-- due monitor by moving next_run_at on with a conditional update, so servers sharing the database
-- run each firing once.

CREATE TABLE monitors (
    id                TEXT    NOT NULL PRIMARY KEY,
    project_id        TEXT    NOT NULL REFERENCES projects (id),
    deployment_id     TEXT    NOT NULL REFERENCES deployments (id),
    name              TEXT    ${key_collation} NOT NULL,
    kind              TEXT    NOT NULL,
    schedule          TEXT    NOT NULL,
    window_seconds    BIGINT  NOT NULL,
    step_seconds      BIGINT  NOT NULL,
    parameters_json   TEXT    NOT NULL,
    direction         TEXT    NOT NULL,
    warning_threshold DOUBLE PRECISION,
    alert_threshold   DOUBLE PRECISION,
    webhooks_json     TEXT    NOT NULL,
    enabled           BOOLEAN NOT NULL,
    next_run_at       BIGINT  NOT NULL,
    created_by        TEXT    NOT NULL REFERENCES users (id),
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL,
    CONSTRAINT monitors_deployment_name_unique UNIQUE (deployment_id, name)
);

CREATE INDEX monitors_due ON monitors (enabled, next_run_at);

-- result_value is NULL for the statuses no_data and error; details_json is a JSON object.
CREATE TABLE monitor_results (
    id           TEXT    NOT NULL PRIMARY KEY,
    monitor_id   TEXT    NOT NULL REFERENCES monitors (id),
    window_start BIGINT  NOT NULL,
    window_end   BIGINT  NOT NULL,
    result_value DOUBLE PRECISION,
    status       TEXT    NOT NULL,
    details_json TEXT    NOT NULL,
    trigger_kind TEXT    NOT NULL,
    computed_at  BIGINT  NOT NULL
);

CREATE INDEX monitor_results_monitor_end ON monitor_results (monitor_id, window_end);

-- A pending delivery waits for next_attempt_at; while an attempt runs, next_attempt_at is when the
-- attempt counts as lost (its server stopped) and the delivery may be taken again.
CREATE TABLE webhook_deliveries (
    id              TEXT    NOT NULL PRIMARY KEY,
    monitor_id      TEXT    NOT NULL REFERENCES monitors (id),
    result_id       TEXT    NOT NULL REFERENCES monitor_results (id),
    webhook_id      TEXT    NOT NULL,
    url             TEXT    NOT NULL,
    event           TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT  NOT NULL,
    last_error      TEXT,
    created_at      BIGINT  NOT NULL,
    finished_at     BIGINT
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_monitor ON webhook_deliveries (monitor_id, created_at);

CREATE TABLE webhook_delivery_attempts (
    delivery_id TEXT    NOT NULL REFERENCES webhook_deliveries (id),
    number      INTEGER NOT NULL,
    started_at  BIGINT  NOT NULL,
    duration_ms BIGINT  NOT NULL,
    status_code INTEGER,
    error       TEXT,
    PRIMARY KEY (delivery_id, number)
);

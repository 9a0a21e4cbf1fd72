-- Evaluations: background jobs that run a submission's model over one version of an evaluation
-- dataset, and the metric sets they (or clients, ad hoc) store. A metric set keeps pointing at the
-- dataset version it was computed on; subset is NULL for the set over all rows. metrics_json holds
-- {"values", "undefined", "charts", "confusion_matrix"} (non-finite numbers as the strings "NaN",
-- "Infinity", "-Infinity"), images_json a list of {"name", "digest", "size_bytes"}.
-- An objective's evaluation settings (datasets, subsets, score mapping) are one JSON object in
-- evaluation_json; existing objectives evaluate nothing.

ALTER TABLE objectives ADD COLUMN evaluation_json TEXT NOT NULL DEFAULT '{"datasets":[],"subsets":[],"score_mapping":{"feature_columns":[],"output":null,"score_column":null,"threshold":null,"positive_label":null,"class_labels":[]}}';

-- worker and heartbeat_at are set while a worker runs the job; error keeps the last failure, also the
-- reason a job was queued again after its worker stopped beating.
CREATE TABLE evaluation_jobs (
    id                     TEXT    NOT NULL PRIMARY KEY,
    objective_id           TEXT    NOT NULL REFERENCES objectives (id),
    submission_id          TEXT    NOT NULL REFERENCES submissions (id),
    dataset_id             TEXT    NOT NULL REFERENCES datasets (id),
    dataset_version_id     TEXT    NOT NULL REFERENCES dataset_versions (id),
    dataset_version_number INTEGER NOT NULL,
    trigger_kind           TEXT    NOT NULL,
    status                 TEXT    NOT NULL,
    attempt                INTEGER NOT NULL,
    rows_done              BIGINT  NOT NULL,
    rows_total             BIGINT  NOT NULL,
    error                  TEXT,
    worker                 TEXT,
    heartbeat_at           BIGINT,
    requested_by           TEXT    NOT NULL REFERENCES users (id),
    created_at             BIGINT  NOT NULL,
    started_at             BIGINT,
    finished_at            BIGINT
);

CREATE INDEX evaluation_jobs_status_created ON evaluation_jobs (status, created_at, id);
CREATE INDEX evaluation_jobs_objective_created ON evaluation_jobs (objective_id, created_at, id);
CREATE INDEX evaluation_jobs_submission_version ON evaluation_jobs (submission_id, dataset_version_id);

CREATE TABLE metric_sets (
    id                     TEXT    NOT NULL PRIMARY KEY,
    objective_id           TEXT    NOT NULL REFERENCES objectives (id),
    submission_id          TEXT    NOT NULL REFERENCES submissions (id),
    dataset_id             TEXT    NOT NULL REFERENCES datasets (id),
    dataset_version_id     TEXT    NOT NULL REFERENCES dataset_versions (id),
    dataset_version_number INTEGER NOT NULL,
    subset                 TEXT    ${key_collation},
    source                 TEXT    NOT NULL,
    job_id                 TEXT    REFERENCES evaluation_jobs (id),
    row_count              BIGINT  NOT NULL,
    metrics_json           TEXT    NOT NULL,
    images_json            TEXT    NOT NULL,
    created_by             TEXT    NOT NULL REFERENCES users (id),
    created_at             BIGINT  NOT NULL
);

CREATE INDEX metric_sets_objective_version_subset ON metric_sets (objective_id, dataset_version_id, subset);
CREATE INDEX metric_sets_submission ON metric_sets (submission_id, created_at);

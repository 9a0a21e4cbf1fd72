-- Inference histories: a live deployment's calls recorded into a dataset of its project. A
-- deployment has at most one history that is recording or paused; removed ones stay, so their
-- dataset is never attached again. redacted_fields_json is a JSON list of input names.

CREATE TABLE inference_histories (
    id                   TEXT    NOT NULL PRIMARY KEY,
    deployment_id        TEXT    NOT NULL REFERENCES deployments (id),
    project_id           TEXT    NOT NULL REFERENCES projects (id),
    dataset_id           TEXT    NOT NULL REFERENCES datasets (id),
    state                TEXT    NOT NULL,
    sampling_rate        DOUBLE PRECISION NOT NULL,
    redacted_fields_json TEXT    NOT NULL,
    durable              BOOLEAN NOT NULL,
    created_by           TEXT    NOT NULL REFERENCES users (id),
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL,
    CONSTRAINT inference_histories_dataset_unique UNIQUE (dataset_id)
);

CREATE UNIQUE INDEX inference_histories_current ON inference_histories (deployment_id) WHERE state <> 'removed';

-- A deployment's challenger: a second release called beside the deployment's own answer and
-- recorded next to it in the inference history. Like the target, it either follows the newest
-- release carrying a tag (challenger_track_tag) or names one release (challenger_pinned_release);
-- challenger_sampling_rate is the share of calls also sent to it, in (0, 1], and
-- challenger_timeout_ms how long one call may take. All four are NULL when there is no challenger.
-- Revisions keep the challenger they set, so a rollback restores it.

ALTER TABLE deployments ADD COLUMN challenger_track_tag TEXT;
ALTER TABLE deployments ADD COLUMN challenger_pinned_release TEXT;
ALTER TABLE deployments ADD COLUMN challenger_sampling_rate DOUBLE PRECISION;
ALTER TABLE deployments ADD COLUMN challenger_timeout_ms BIGINT;

ALTER TABLE deployment_revisions ADD COLUMN challenger_track_tag TEXT;
ALTER TABLE deployment_revisions ADD COLUMN challenger_pinned_release TEXT;
ALTER TABLE deployment_revisions ADD COLUMN challenger_sampling_rate DOUBLE PRECISION;
ALTER TABLE deployment_revisions ADD COLUMN challenger_timeout_ms BIGINT;

-- A dataset version's own Parquet files, so that a version row stays the same size however long the
-- chain of appends before it. own_files_json lists the files the version added ({digest, size_bytes,
-- row_count}): a snapshot's one file, or what an append added after the files of the previous version.
-- files_json keeps the full list for snapshots and is '[]' for appends; the full list of an append is
-- the own files of the versions from the newest snapshot before it, in number order.
-- Rows written before this migration keep own_files_json NULL and their full list in files_json; a
-- reader starts a chain at them as at a snapshot.

ALTER TABLE dataset_versions ADD COLUMN own_files_json TEXT;

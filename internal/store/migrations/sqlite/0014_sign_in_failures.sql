-- When each address last failed to sign in: failures older than the
-- policy's memory are forgotten, and their rows deleted, so that made-up
-- addresses do not pile up.
ALTER TABLE sign_in_failures ADD COLUMN failed_at TEXT NOT NULL DEFAULT '';
CREATE INDEX sign_in_failures_failed_at ON sign_in_failures (failed_at);

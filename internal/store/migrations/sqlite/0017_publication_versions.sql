-- Every version of a publication's content, as assessments have: the
-- publication's row carries the number of its current version, and each
-- create or change of content (by import or in the editor) adds a row here
-- with the whole document as JSON, when it was made, by whom and, for a
-- correction of a public publication, its change note.
--
-- Publications stored before this migration start at version 1 with no row
-- here: their first change adds version 2.
--
-- The versions are only ever added to, as the audit log is: the triggers
-- refuse any change or removal.
ALTER TABLE publications ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- The version that was current when it became public: its public history
-- starts there. Those public already start at their current version.
ALTER TABLE publications ADD COLUMN published_version INTEGER;
UPDATE publications SET published_version = version WHERE status IN ('published', 'withdrawn');

CREATE TABLE publication_versions (
	id             INTEGER PRIMARY KEY,
	publication_id INTEGER NOT NULL REFERENCES publications (id),
	version        INTEGER NOT NULL,
	document       TEXT NOT NULL,
	created_at     TEXT NOT NULL,
	note           TEXT NOT NULL DEFAULT '',
	actor          TEXT,
	UNIQUE (publication_id, version)
);

CREATE TRIGGER publication_versions_no_update BEFORE UPDATE ON publication_versions
BEGIN
	SELECT RAISE(ABORT, 'a publication''s versions are append-only');
END;

CREATE TRIGGER publication_versions_no_delete BEFORE DELETE ON publication_versions
BEGIN
	SELECT RAISE(ABORT, 'a publication''s versions are append-only');
END;

-- Recommendations, issued in a publication or an assessment (exactly one),
-- to all forces or to named organisations, and each addressed
-- organisation's dated status history.
--
-- A recommendation is public exactly when what it was issued in is: that
-- is decided when reading, as for publications and assessments.
CREATE TABLE recommendations (
	id             INTEGER PRIMARY KEY,
	text           TEXT NOT NULL,
	theme          TEXT NOT NULL,
	due_on         TEXT,
	publication_id INTEGER REFERENCES publications (id),
	assessment_id  INTEGER REFERENCES assessments (id),
	all_forces     INTEGER NOT NULL DEFAULT 0,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	CHECK ((publication_id IS NULL) <> (assessment_id IS NULL))
);

CREATE INDEX recommendations_publication ON recommendations (publication_id);
CREATE INDEX recommendations_assessment ON recommendations (assessment_id);
CREATE INDEX recommendations_theme ON recommendations (theme);

CREATE TABLE recommendation_organisations (
	recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
	organisation_id   INTEGER NOT NULL REFERENCES organisations (id),
	PRIMARY KEY (recommendation_id, organisation_id)
);

CREATE INDEX recommendation_organisations_organisation ON recommendation_organisations (organisation_id);

-- The history is only ever added to, as the audit log is: the triggers
-- refuse any change or removal, so that no one can rewrite what a force
-- reported or what the inspectorate said of it. Evidence is a JSON array.
CREATE TABLE recommendation_history (
	id                INTEGER PRIMARY KEY,
	recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
	organisation_id   INTEGER NOT NULL REFERENCES organisations (id),
	at                TEXT NOT NULL,
	actor             TEXT NOT NULL,
	kind              TEXT NOT NULL,
	status            TEXT NOT NULL,
	comment           TEXT NOT NULL DEFAULT '',
	evidence          TEXT NOT NULL DEFAULT '[]',
	verdict           TEXT NOT NULL DEFAULT ''
);

CREATE INDEX recommendation_history_entry ON recommendation_history (recommendation_id, organisation_id, id);

CREATE TRIGGER recommendation_history_no_update BEFORE UPDATE ON recommendation_history
BEGIN
	SELECT RAISE(ABORT, 'a recommendation''s history is append-only');
END;

CREATE TRIGGER recommendation_history_no_delete BEFORE DELETE ON recommendation_history
BEGIN
	SELECT RAISE(ABORT, 'a recommendation''s history is append-only');
END;

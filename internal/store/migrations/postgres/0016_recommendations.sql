-- Recommendations, issued in a publication or an assessment (exactly one),
-- to all forces or to named organisations, and each addressed
-- organisation's dated status history.
--
-- A recommendation is public exactly when what it was issued in is: that
-- is decided when reading, as for publications and assessments.
CREATE TABLE recommendations (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	text           TEXT NOT NULL,
	theme          TEXT COLLATE "C" NOT NULL,
	due_on         DATE,
	publication_id BIGINT REFERENCES publications (id),
	assessment_id  BIGINT REFERENCES assessments (id),
	all_forces     BOOLEAN NOT NULL DEFAULT FALSE,
	created_at     TIMESTAMPTZ NOT NULL,
	updated_at     TIMESTAMPTZ NOT NULL,
	CHECK ((publication_id IS NULL) <> (assessment_id IS NULL))
);

CREATE INDEX recommendations_publication ON recommendations (publication_id);
CREATE INDEX recommendations_assessment ON recommendations (assessment_id);
CREATE INDEX recommendations_theme ON recommendations (theme);

CREATE TABLE recommendation_organisations (
	recommendation_id BIGINT NOT NULL REFERENCES recommendations (id),
	organisation_id   BIGINT NOT NULL REFERENCES organisations (id),
	PRIMARY KEY (recommendation_id, organisation_id)
);

CREATE INDEX recommendation_organisations_organisation ON recommendation_organisations (organisation_id);

-- The history is only ever added to, as the audit log is: the trigger
-- refuses any change or removal, so that no one can rewrite what a force
-- reported or what the inspectorate said of it. Evidence is a JSON array.
CREATE TABLE recommendation_history (
	id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	recommendation_id BIGINT NOT NULL REFERENCES recommendations (id),
	organisation_id   BIGINT NOT NULL REFERENCES organisations (id),
	at                TIMESTAMPTZ NOT NULL,
	actor             TEXT NOT NULL,
	kind              TEXT NOT NULL,
	status            TEXT NOT NULL,
	comment           TEXT NOT NULL DEFAULT '',
	evidence          TEXT NOT NULL DEFAULT '[]',
	verdict           TEXT NOT NULL DEFAULT ''
);

CREATE INDEX recommendation_history_entry ON recommendation_history (recommendation_id, organisation_id, id);

CREATE FUNCTION recommendation_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'a recommendation''s history is append-only';
END;
$$;

CREATE TRIGGER recommendation_history_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON recommendation_history
	FOR EACH STATEMENT EXECUTE FUNCTION recommendation_history_append_only();

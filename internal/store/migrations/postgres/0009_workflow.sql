-- The editorial workflow: why a withdrawn page was withdrawn, and the
-- comments made on an assessment on its way to publication (by the force's
-- liaison during the factual-accuracy check, by a moderator returning it).
ALTER TABLE assessments ADD COLUMN withdrawn_reason TEXT;

CREATE TABLE assessment_comments (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	version       INTEGER NOT NULL,
	author        TEXT NOT NULL,
	body          TEXT NOT NULL,
	created_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX assessment_comments_assessment ON assessment_comments (assessment_id, id);

-- The rest of an assessment's content: the earlier cycle a judgment's grade
-- is carried over from, the rationale recorded for a pillar grade far from
-- its questions' grades, areas for improvement, and causes of concern with
-- their recommendations.
ALTER TABLE judgments ADD COLUMN carried_over_from INTEGER REFERENCES frameworks (id);
ALTER TABLE assessments ADD COLUMN rationale TEXT NOT NULL DEFAULT '';

CREATE TABLE improvement_areas (
	assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	position      INTEGER NOT NULL,
	text          TEXT NOT NULL,
	PRIMARY KEY (assessment_id, position)
);

CREATE TABLE concerns (
	assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	position      INTEGER NOT NULL,
	text          TEXT NOT NULL,
	PRIMARY KEY (assessment_id, position)
);

CREATE TABLE concern_recommendations (
	assessment_id INTEGER NOT NULL,
	concern       INTEGER NOT NULL,
	position      INTEGER NOT NULL,
	text          TEXT NOT NULL,
	PRIMARY KEY (assessment_id, concern, position),
	FOREIGN KEY (assessment_id, concern) REFERENCES concerns (assessment_id, position) ON DELETE CASCADE
);

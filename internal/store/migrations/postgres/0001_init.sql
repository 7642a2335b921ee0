-- The domain as it stands at the start: organisations, frameworks as data,
-- assessments with their versions, and site notices.

CREATE TABLE organisations (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug       TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL,
	short_name TEXT NOT NULL,
	region     TEXT NOT NULL DEFAULT '',
	country    TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL DEFAULT 'territorial-force'
);

CREATE TABLE frameworks (
	id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug      TEXT NOT NULL UNIQUE,
	programme TEXT NOT NULL,
	cycle     TEXT NOT NULL,
	UNIQUE (programme, cycle)
);

-- A framework's scale, best grade first.
CREATE TABLE grades (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	framework_id BIGINT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
	slug         TEXT NOT NULL,
	label        TEXT NOT NULL,
	colour       TEXT NOT NULL DEFAULT '',
	position     INTEGER NOT NULL,
	UNIQUE (framework_id, slug)
);

CREATE TABLE pillars (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	framework_id BIGINT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
	slug         TEXT NOT NULL,
	name         TEXT NOT NULL,
	headline     TEXT NOT NULL DEFAULT '',
	position     INTEGER NOT NULL,
	UNIQUE (framework_id, slug)
);

CREATE TABLE questions (
	id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	pillar_id BIGINT NOT NULL REFERENCES pillars (id) ON DELETE CASCADE,
	number    INTEGER NOT NULL CHECK (number > 0),
	text      TEXT NOT NULL,
	UNIQUE (pillar_id, number)
);

-- One organisation's assessment for one pillar of a framework. Grades refer
-- to the scale, so a grade in use cannot be taken off it. Statuses are the
-- domain's to check: the life of an assessment grows without a table
-- rebuild. publish_at is when a scheduled assessment becomes public. An
-- assessment known from a table of grades alone has no narrative and may
-- have no last-updated date; source is the address of the page that states
-- it.
CREATE TABLE assessments (
	id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	organisation_id BIGINT NOT NULL REFERENCES organisations (id),
	pillar_id       BIGINT NOT NULL REFERENCES pillars (id),
	headline        TEXT NOT NULL,
	source          TEXT NOT NULL DEFAULT '',
	grade_id        BIGINT REFERENCES grades (id),
	last_updated    DATE,
	status          TEXT NOT NULL,
	version         INTEGER NOT NULL CHECK (version > 0),
	publish_at      TIMESTAMPTZ,
	published_at    TIMESTAMPTZ,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL,
	UNIQUE (organisation_id, pillar_id)
);

CREATE INDEX assessments_published ON assessments (status, published_at);
CREATE INDEX assessments_scheduled ON assessments (status, publish_at);

CREATE TABLE summary_paragraphs (
	assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	position      INTEGER NOT NULL,
	text          TEXT NOT NULL,
	PRIMARY KEY (assessment_id, position)
);

CREATE TABLE judgments (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	question_id   BIGINT NOT NULL REFERENCES questions (id),
	question_text TEXT NOT NULL,
	grade_id      BIGINT REFERENCES grades (id),
	UNIQUE (assessment_id, question_id)
);

-- A judgment's narrative: paragraphs and links to related publications.
CREATE TABLE judgment_blocks (
	judgment_id BIGINT NOT NULL REFERENCES judgments (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('paragraph', 'link')),
	text        TEXT NOT NULL,
	href        TEXT,
	PRIMARY KEY (judgment_id, position)
);

-- Every version of every assessment, as its public representation.
CREATE TABLE assessment_versions (
	assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	version       INTEGER NOT NULL,
	status        TEXT NOT NULL,
	document      TEXT NOT NULL,
	created_at    TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (assessment_id, version)
);

CREATE TABLE notices (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	title         TEXT NOT NULL,
	body          TEXT NOT NULL,
	display_from  TIMESTAMPTZ,
	display_until TIMESTAMPTZ,
	created_at    TIMESTAMPTZ NOT NULL
);

-- Publications other than assessments (national overviews, thematic
-- reports, follow-up reviews) and each organisation's outcome in a review.
--
-- A publication has the life and embargo of an assessment: draft,
-- scheduled (publish_at), published (published_at), withdrawn (with its
-- reason). Whether it is public is decided when reading, by the database's
-- clock, as for assessments. Its body (paragraphs) and links (title and
-- address) are kept as JSON arrays: they are read and written whole, with
-- the publication. A review's outcome scale is data, as a framework's
-- grade scale is; an outcome refers to a point of it, so a point in use
-- cannot be taken off the scale.
CREATE TABLE publications (
	id               INTEGER PRIMARY KEY,
	slug             TEXT NOT NULL UNIQUE,
	title            TEXT NOT NULL,
	kind             TEXT NOT NULL,
	published_on     TEXT,
	summary          TEXT NOT NULL DEFAULT '',
	body             TEXT NOT NULL DEFAULT '[]',
	links            TEXT NOT NULL DEFAULT '[]',
	status           TEXT NOT NULL,
	publish_at       TEXT,
	published_at     TEXT,
	withdrawn_reason TEXT,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);

CREATE INDEX publications_scheduled ON publications (status, publish_at);
CREATE INDEX publications_title ON publications (title);

-- The organisations a publication covers, in the order it lists them.
CREATE TABLE publication_organisations (
	publication_id  INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	position        INTEGER NOT NULL,
	PRIMARY KEY (publication_id, organisation_id)
);

CREATE TABLE publication_scale (
	id             INTEGER PRIMARY KEY,
	publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
	slug           TEXT NOT NULL,
	label          TEXT NOT NULL,
	colour         TEXT NOT NULL DEFAULT '',
	position       INTEGER NOT NULL,
	UNIQUE (publication_id, slug)
);

-- The narrative is a JSON array of paragraphs.
CREATE TABLE publication_outcomes (
	publication_id  INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	scale_id        INTEGER NOT NULL REFERENCES publication_scale (id),
	narrative       TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	PRIMARY KEY (publication_id, organisation_id)
);

CREATE INDEX publication_outcomes_organisation ON publication_outcomes (organisation_id);

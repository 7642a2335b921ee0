-- Search of publications: for each publication, the words a reader may
-- find it by: names (its title) and text (summary, body, and each
-- outcome's organisation and narrative), which the store writes in the
-- transaction that writes the publication or its outcomes. document is
-- their full-text form, names weighing more than text. Whether it is
-- public is decided when searching, by the database's clock, as for
-- assessments (see 0005_search.sql).
CREATE TABLE publication_search (
	publication_id BIGINT PRIMARY KEY REFERENCES publications (id) ON DELETE CASCADE,
	names          TEXT NOT NULL,
	text           TEXT NOT NULL,
	document       tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector('english', names), 'A') || setweight(to_tsvector('english', text), 'B')
	) STORED
);

CREATE INDEX publication_search_document ON publication_search USING GIN (document);

-- Search and page history.
--
-- search_documents holds, for each assessment, the words a reader may find
-- it by: names (the force's name and short name, the cycle, the pillar) and
-- text (headline question, summary and every narrative paragraph, in page
-- order), as the view search_sources puts them together. The store
-- rewrites an assessment's row in the transaction that writes its content.
-- document is their full-text form, names weighing more than text, with a
-- GIN index. Whether an assessment is public is decided when searching, by
-- the database's clock, so that a scheduled page is found from its time and
-- not before.

CREATE TABLE search_documents (
	assessment_id BIGINT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
	names         TEXT NOT NULL,
	text          TEXT NOT NULL,
	document      tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector('english', names), 'A') || setweight(to_tsvector('english', text), 'B')
	) STORED
);

CREATE INDEX search_documents_document ON search_documents USING GIN (document);

-- What the search document of each assessment holds: the store writes
-- it into search_documents from here, as this migration does for the
-- assessments stored before it.
CREATE VIEW search_sources AS
SELECT a.id AS assessment_id,
	o.name || ' ' || o.short_name || ' ' || f.programme || ' ' || f.cycle || ' ' || p.name AS names,
	TRIM(a.headline || ' ' ||
		COALESCE((SELECT string_agg(s.text, ' ' ORDER BY s.position) FROM summary_paragraphs s WHERE s.assessment_id = a.id), '') || ' ' ||
		COALESCE((SELECT string_agg(b.text, ' ' ORDER BY q.number, b.position)
			FROM judgments j JOIN questions q ON q.id = j.question_id JOIN judgment_blocks b ON b.judgment_id = j.id
			WHERE j.assessment_id = a.id AND b.kind = 'paragraph'), '')) AS text
FROM assessments a
JOIN organisations o ON o.id = a.organisation_id
JOIN pillars p ON p.id = a.pillar_id
JOIN frameworks f ON f.id = p.framework_id;

INSERT INTO search_documents (assessment_id, names, text) SELECT assessment_id, names, text FROM search_sources;

-- A version's change note, shown in the page history: what changed and
-- why. NULL where none was recorded.
ALTER TABLE assessment_versions ADD COLUMN note TEXT;

-- Search and page history.
--
-- search_documents holds, for each assessment, the words a reader may find
-- it by: names (the force's name and short name, the cycle, the pillar) and
-- text (headline question, summary and every narrative paragraph, in page
-- order), as the view search_sources puts them together. The store
-- rewrites an assessment's row in the transaction that writes its content.
-- search_index is its full-text index, kept in step by the triggers below;
-- it holds no copy of the text. Whether an assessment
-- is public is decided when searching, by the database's clock, so that a
-- scheduled page is found from its time and not before.

CREATE TABLE search_documents (
	assessment_id INTEGER PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
	names         TEXT NOT NULL,
	text          TEXT NOT NULL
);

CREATE VIRTUAL TABLE search_index USING fts5 (
	names, text,
	content = 'search_documents', content_rowid = 'assessment_id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_documents_insert AFTER INSERT ON search_documents BEGIN
	INSERT INTO search_index (rowid, names, text) VALUES (new.assessment_id, new.names, new.text);
END;

CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents BEGIN
	INSERT INTO search_index (search_index, rowid, names, text) VALUES ('delete', old.assessment_id, old.names, old.text);
END;

CREATE TRIGGER search_documents_update AFTER UPDATE ON search_documents BEGIN
	INSERT INTO search_index (search_index, rowid, names, text) VALUES ('delete', old.assessment_id, old.names, old.text);
	INSERT INTO search_index (rowid, names, text) VALUES (new.assessment_id, new.names, new.text);
END;

-- What the search document of each assessment holds: the store writes
-- it into search_documents from here, as this migration does for the
-- assessments stored before it.
--
-- Paragraphs are joined in page order by group_concat over rows in that
-- order, rather than by string_agg(… ORDER BY …), which SQLite before 3.44
-- cannot read: the sqlite3 shell of an older system could not open the
-- database.
CREATE VIEW search_sources AS
SELECT a.id AS assessment_id,
	o.name || ' ' || o.short_name || ' ' || f.programme || ' ' || f.cycle || ' ' || p.name AS names,
	TRIM(a.headline || ' ' ||
		COALESCE((SELECT group_concat(text, ' ') FROM (
			SELECT s.text FROM summary_paragraphs s WHERE s.assessment_id = a.id ORDER BY s.position)), '') || ' ' ||
		COALESCE((SELECT group_concat(text, ' ') FROM (
			SELECT b.text FROM judgments j JOIN questions q ON q.id = j.question_id JOIN judgment_blocks b ON b.judgment_id = j.id
			WHERE j.assessment_id = a.id AND b.kind = 'paragraph' ORDER BY q.number, b.position)), '')) AS text
FROM assessments a
JOIN organisations o ON o.id = a.organisation_id
JOIN pillars p ON p.id = a.pillar_id
JOIN frameworks f ON f.id = p.framework_id;

INSERT INTO search_documents (assessment_id, names, text) SELECT assessment_id, names, text FROM search_sources;

-- A version's change note, shown in the page history: what changed and
-- why. NULL where none was recorded.
ALTER TABLE assessment_versions ADD COLUMN note TEXT;

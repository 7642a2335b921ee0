-- Search of publications: for each publication, the words a reader may
-- find it by: names (its title) and text (summary, body, and each
-- outcome's organisation and narrative), which the store writes in the
-- transaction that writes the publication or its outcomes. Whether it is
-- public is decided when searching, by the database's clock, as for
-- assessments (see 0004_search.sql).
CREATE TABLE publication_search (
	publication_id INTEGER PRIMARY KEY REFERENCES publications (id) ON DELETE CASCADE,
	names          TEXT NOT NULL,
	text           TEXT NOT NULL
);

CREATE VIRTUAL TABLE publication_search_index USING fts5 (
	names, text,
	content = 'publication_search', content_rowid = 'publication_id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER publication_search_insert AFTER INSERT ON publication_search BEGIN
	INSERT INTO publication_search_index (rowid, names, text) VALUES (new.publication_id, new.names, new.text);
END;

CREATE TRIGGER publication_search_delete AFTER DELETE ON publication_search BEGIN
	INSERT INTO publication_search_index (publication_search_index, rowid, names, text) VALUES ('delete', old.publication_id, old.names, old.text);
END;

CREATE TRIGGER publication_search_update AFTER UPDATE ON publication_search BEGIN
	INSERT INTO publication_search_index (publication_search_index, rowid, names, text) VALUES ('delete', old.publication_id, old.names, old.text);
	INSERT INTO publication_search_index (rowid, names, text) VALUES (new.publication_id, new.names, new.text);
END;

-- The audit log: every change of content, grade, status or notice, who made
-- it and when, with what it was before and after (JSON; NULL for nothing).
-- It is only ever added to: the triggers refuse any change or removal, so
-- that not even a mistake in peel can rewrite it.
CREATE TABLE audit_log (
	id      INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	before  TEXT,
	after   TEXT
);

CREATE INDEX audit_log_subject ON audit_log (subject, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

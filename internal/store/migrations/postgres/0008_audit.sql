-- The audit log: every change of content, grade, status or notice, who made
-- it and when, with what it was before and after (JSON; NULL for nothing).
-- It is only ever added to: the trigger refuses any change or removal, so
-- that not even a mistake in peel can rewrite it.
CREATE TABLE audit_log (
	id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at      TIMESTAMPTZ NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT COLLATE "C" NOT NULL,
	before  TEXT,
	after   TEXT
);

CREATE INDEX audit_log_subject ON audit_log (subject, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

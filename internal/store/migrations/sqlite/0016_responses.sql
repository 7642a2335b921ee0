-- Police and crime commissioners' statutory responses to reports. A report
-- is named by its public address (an assessment's or a publication's
-- path); what is due is read from the public reports themselves, so only
-- a recorded response has a row: one for each report and organisation.
CREATE TABLE responses (
	id              INTEGER PRIMARY KEY,
	report          TEXT NOT NULL,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	url             TEXT NOT NULL,
	responded_on    TEXT NOT NULL,
	recorded_by     TEXT NOT NULL,
	recorded_at     TEXT NOT NULL,
	UNIQUE (report, organisation_id)
);

CREATE INDEX responses_organisation ON responses (organisation_id);

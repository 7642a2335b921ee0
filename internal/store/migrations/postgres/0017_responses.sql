-- Police and crime commissioners' statutory responses to reports. A report
-- is named by its public address (an assessment's or a publication's
-- path); what is due is read from the public reports themselves, so only
-- a recorded response has a row: one for each report and organisation.
CREATE TABLE responses (
	id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	report          TEXT NOT NULL,
	organisation_id BIGINT NOT NULL REFERENCES organisations (id),
	url             TEXT NOT NULL,
	responded_on    DATE NOT NULL,
	recorded_by     TEXT NOT NULL,
	recorded_at     TIMESTAMPTZ NOT NULL,
	UNIQUE (report, organisation_id)
);

CREATE INDEX responses_organisation ON responses (organisation_id);

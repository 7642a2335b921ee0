-- Who an assessment is assigned to: one staff user, or no one.
ALTER TABLE assessments ADD COLUMN assignee_id BIGINT REFERENCES users (id);

CREATE INDEX assessments_assignee ON assessments (assignee_id);

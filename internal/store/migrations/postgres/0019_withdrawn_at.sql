-- When a withdrawn assessment or publication was withdrawn: the change feed
-- lists the withdrawal at that time. Those withdrawn already take the time
-- of their last change, which for most was the withdrawal.
ALTER TABLE assessments ADD COLUMN withdrawn_at TIMESTAMPTZ;
UPDATE assessments SET withdrawn_at = updated_at WHERE status = 'withdrawn';
ALTER TABLE publications ADD COLUMN withdrawn_at TIMESTAMPTZ;
UPDATE publications SET withdrawn_at = updated_at WHERE status = 'withdrawn';

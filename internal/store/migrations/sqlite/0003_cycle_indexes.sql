-- A cycle's page counts its grades and lists its organisations a page at a
-- time. This index holds all that the counts read, so they never read the
-- assessments themselves; the second lists organisations by region in
-- order, without sorting them all.

CREATE INDEX assessments_cycle ON assessments (pillar_id, organisation_id, status, publish_at, grade_id);

CREATE INDEX organisations_region ON organisations (region, name, slug);

-- A notice's maintenance window: while it is open the editor is read-only.
ALTER TABLE notices ADD COLUMN maintenance_from TIMESTAMPTZ;
ALTER TABLE notices ADD COLUMN maintenance_until TIMESTAMPTZ;

-- Names and cycles sort byte by byte, as SQLite sorts text, rather than in
-- the order of the language the database was made for, which may ignore
-- spaces and hyphens or put "north-east" before "Northsample": lists come in
-- one order on either engine and on any PostgreSQL.

ALTER TABLE organisations ALTER COLUMN name TYPE TEXT COLLATE "C";

ALTER TABLE frameworks
	ALTER COLUMN programme TYPE TEXT COLLATE "C",
	ALTER COLUMN cycle TYPE TEXT COLLATE "C";

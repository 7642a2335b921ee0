-- The site's generation: a number that every write transaction which
-- changes anything moves on, so that a server can tell, with one cheap read,
-- whether what it rendered is still current — whoever made the change, this
-- process or another sharing the database.
CREATE TABLE site_state (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL
);

INSERT INTO site_state (id, generation) VALUES (1, 0);

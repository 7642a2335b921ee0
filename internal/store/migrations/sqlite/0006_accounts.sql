-- Accounts: users, their one-time links to set a password, sessions,
-- failed sign-ins, and API tokens. Every secret is kept only as a SHA-256
-- hash of a random token, so a copy of the database signs no one in.

CREATE TABLE users (
	id              INTEGER PRIMARY KEY,
	email           TEXT NOT NULL,
	role            TEXT NOT NULL,
	organisation_id INTEGER REFERENCES organisations (id),
	password_hash   TEXT NOT NULL DEFAULT '',
	disabled        INTEGER NOT NULL DEFAULT 0,
	created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE password_tokens (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_at TEXT NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins by email address, whether or not a user has it, so that
-- a lock says nothing about which addresses exist.
CREATE TABLE sign_in_failures (
	email        TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL,
	locked_until TEXT
);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	revoked_at TEXT
);

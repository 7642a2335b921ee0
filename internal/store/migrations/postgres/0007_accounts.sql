-- Accounts: users, their one-time links to set a password, sessions,
-- failed sign-ins, and API tokens. Every secret is kept only as a SHA-256
-- hash of a random token, so a copy of the database signs no one in.

CREATE TABLE users (
	id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email           TEXT NOT NULL,
	role            TEXT NOT NULL,
	organisation_id BIGINT REFERENCES organisations (id),
	password_hash   TEXT NOT NULL DEFAULT '',
	disabled        BOOLEAN NOT NULL DEFAULT FALSE,
	created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE password_tokens (
	token_hash TEXT PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins by email address, whether or not a user has it, so that
-- a lock says nothing about which addresses exist.
CREATE TABLE sign_in_failures (
	email        TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL,
	locked_until TIMESTAMPTZ
);

CREATE TABLE api_tokens (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TIMESTAMPTZ NOT NULL,
	revoked_at TIMESTAMPTZ
);

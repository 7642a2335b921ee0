package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/peel-oss/peel/internal/peel"
)

// Backup writes a consistent copy of a SQLite database to path, which must
// not exist yet, while the database goes on serving: SQLite's VACUUM INTO
// reads one snapshot. PostgreSQL is backed up with its own tools.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect.name != "sqlite" {
		return peel.Errorf(peel.EINVALID, "back up PostgreSQL with its own tools (pg_dump); see the README")
	}
	if _, err := os.Stat(path); err == nil {
		return peel.Errorf(peel.ECONFLICT, "%s exists already; a backup never overwrites a file", path)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("back up to %s: %w", path, s.dialect.mapError(err))
	}
	return nil
}

// Restore puts the SQLite backup at backup in place of the database at
// path. It refuses a file that is not a whole peel database, and a database
// that any peel process has open (a server, an import): it takes the
// database's lock first, so none can open it meanwhile.
func Restore(ctx context.Context, backup, path string) error {
	if IsPostgres(path) {
		return peel.Errorf(peel.EINVALID, "restore PostgreSQL with its own tools (pg_restore); see the README")
	}
	if err := checkBackup(ctx, backup); err != nil {
		return err
	}
	unlock, err := lockExclusive(path)
	if err != nil {
		return err
	}
	defer unlock()
	// The copy is made beside the database and renamed over it, so that a
	// failure part way leaves the database as it was.
	tmp := path + ".restoring"
	os.Remove(tmp)
	src, err := sql.Open("sqlite", "file:"+uriPath(backup)+"?mode=ro")
	if err != nil {
		return err
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore from %s: %w", backup, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}

// checkBackup refuses a file that is not a sound peel database that this
// peel can read.
func checkBackup(ctx context.Context, backup string) error {
	if _, err := os.Stat(backup); err != nil {
		return peel.Errorf(peel.EINVALID, "no backup at %s", backup)
	}
	db, err := sql.Open("sqlite", "file:"+uriPath(backup)+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		return peel.Errorf(peel.EINVALID, "%s is not a sound SQLite database (%v%s)", backup, err, check)
	}
	var version int
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&version); err != nil {
		return peel.Errorf(peel.EINVALID, "%s is not a peel database: it has no schema_migrations", backup)
	}
	latest := (&Store{dialect: sqliteDialect}).LatestSchema()
	if version > latest {
		return peel.Errorf(peel.EINVALID, "%s comes from a newer peel (schema %d; this one knows %d)", backup, version, latest)
	}
	return nil
}

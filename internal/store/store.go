// Package store keeps peel's domain in a SQL database: SQLite through
// modernc.org/sqlite today, with what differs between engines kept in one
// small dialect value so that each query is written once.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations
var migrations embed.FS

// Store is peel's database. Exported methods open their own transaction and
// call unexported helpers that take it.
type Store struct {
	db      *sql.DB
	dialect dialect
	now     func() time.Time
}

// dialect is what truly differs between database engines.
type dialect struct {
	name string
	// rebind turns the ? placeholders that queries are written with into
	// the engine's own.
	rebind func(query string) string
}

var sqliteDialect = dialect{name: "sqlite", rebind: func(q string) string { return q }}

// Open opens (creating if need be) the SQLite database at path and brings its
// schema up to date. Every pooled connection gets the same pragmas: WAL, so
// readers never wait for the writer; foreign keys; and a busy timeout, so a
// writer waits for another instead of failing.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, peel.Errorf(peel.EINVALID, "no database given")
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	// Write transactions take the write lock at BEGIN, so two writers queue
	// on the busy timeout instead of deadlocking on a lock upgrade.
	q.Set("_txlock", "immediate")
	// The path is a URI's path to SQLite: characters that would end it
	// early are escaped, so any file name opens the file it names.
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	db, err := sql.Open("sqlite", "file:"+escaped+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, dialect: sqliteDialect, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// SchemaVersion returns the number of the newest migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// migrate applies, in order and each in its own transaction, the embedded
// migrations that the database has not had yet.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	dir := path.Join("migrations", s.dialect.name)
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		version, err := strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", name)
		}
		err = s.inTx(ctx, func(tx *tx) error {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil || n > 0 {
				return err
			}
			body, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.exec(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", name, err)
			}
			_, err = tx.exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, formatTime(s.now()))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// tx is a transaction that speaks the store's dialect.
type tx struct {
	*sql.Tx
	dialect dialect
	now     time.Time
}

func (tx *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.ExecContext(ctx, tx.dialect.rebind(query), args...)
}

func (tx *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.QueryContext(ctx, tx.dialect.rebind(query), args...)
}

func (tx *tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.QueryRowContext(ctx, tx.dialect.rebind(query), args...)
}

// insert runs an INSERT and returns the new row's id.
func (tx *tx) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// inTx runs fn in a transaction, committed if fn returns nil and rolled back
// otherwise, so that nothing is ever half-written.
func (s *Store) inTx(ctx context.Context, fn func(*tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return mapError(err)
	}
	t := &tx{Tx: sqlTx, dialect: s.dialect, now: s.now().UTC()}
	if err := fn(t); err != nil {
		sqlTx.Rollback()
		return mapError(err)
	}
	return mapError(sqlTx.Commit())
}

// readTx is inTx for reads. SQLite's WAL gives it a consistent snapshot
// without taking the write lock.
func (s *Store) readTx(ctx context.Context, fn func(*tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return mapError(err)
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mapError(err)
	}
	defer sqlTx.Rollback()
	return mapError(fn(&tx{Tx: sqlTx, dialect: s.dialect, now: s.now().UTC()}))
}

// mapError turns what the driver says into the domain's errors, by code:
// no rows is ENOTFOUND, a unique or foreign-key violation ECONFLICT.
func mapError(err error) error {
	var se *sqlite.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return peel.Errorf(peel.ENOTFOUND, "not found")
	case errors.As(err, &se):
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return peel.Errorf(peel.ECONFLICT, "already exists")
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return peel.Errorf(peel.ECONFLICT, "still in use")
		}
	}
	return err
}

// Times are stored as RFC 3339 text in UTC, which sorts as time does.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func formatTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return formatTime(*t)
}

// nullTime scans a stored time that may be NULL.
type nullTime struct{ t *time.Time }

func (n *nullTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		n.t = nil
	case time.Time:
		n.t = &v
	case string:
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return fmt.Errorf("stored time %q: %w", v, err)
		}
		n.t = &t
	default:
		return fmt.Errorf("stored time: unexpected %T", v)
	}
	return nil
}

// date scans a stored calendar day.
type date struct{ d *peel.Date }

func (d date) Scan(v any) error {
	var nt nullTime
	if s, ok := v.(string); ok {
		parsed, err := peel.ParseDate(s)
		*d.d = parsed
		return err
	}
	if err := nt.Scan(v); err != nil || nt.t == nil {
		return err
	}
	*d.d = peel.Date{Time: *nt.t}
	return nil
}

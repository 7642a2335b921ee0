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
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
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
	unlock  func()       // lets go of a SQLite file's lock; nil for PostgreSQL
	changes atomic.Int64 // write transactions committed through this Store that changed something
	limits  searchLimits
}

// dialect is what truly differs between database engines.
type dialect struct {
	name string
	// rebind turns the ? placeholders that queries are written with into
	// the engine's own, and {{now}} into the database's clock.
	rebind func(query string) string
	// unavailable reports whether an error means the database cannot be
	// reached, rather than that it refused something.
	unavailable func(error) bool
	// lockWrites, if not empty, is run first in every write transaction
	// and makes write transactions wait for each other, as SQLite's do.
	lockWrites string
	// search is how the engine searches the text of assessments;
	// pubSearch, of publications.
	search, pubSearch searchSQL
}

// sqliteNow is SQLite's clock in the form times are stored in.
const sqliteNow = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`

var sqliteDialect = dialect{
	name:        "sqlite",
	rebind:      func(q string) string { return strings.ReplaceAll(q, "{{now}}", sqliteNow) },
	unavailable: func(error) bool { return false },
	search:      sqliteSearch,
	pubSearch:   sqlitePublicationSearch,
}

// IsPostgres reports whether a database name is a PostgreSQL connection URL
// rather than a SQLite file.
func IsPostgres(database string) bool {
	return strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://")
}

// Open opens the database: a PostgreSQL connection URL, or else the path of
// a SQLite file, created if missing. SQLite's schema is brought up to date on
// open; PostgreSQL's is brought up to date by Migrate, and Open refuses one
// that is out of date.
func Open(ctx context.Context, database string) (*Store, error) {
	if database == "" {
		return nil, peel.Errorf(peel.EINVALID, "no database given")
	}
	if IsPostgres(database) {
		return openPostgres(ctx, database)
	}
	return openSQLite(ctx, database)
}

// openSQLite opens the file with the same pragmas on every pooled
// connection: WAL, so readers never wait for the writer; foreign keys; and a
// busy timeout, so a writer waits for another instead of failing.
func openSQLite(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	// Write transactions take the write lock at BEGIN, so two writers queue
	// on the busy timeout instead of deadlocking on a lock upgrade.
	q.Set("_txlock", "immediate")
	unlock, err := lockShared(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+"?"+q.Encode())
	if err != nil {
		unlock()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, dialect: sqliteDialect, now: time.Now, unlock: unlock}
	// Two peels opening a new file at once race to turn on WAL, which
	// SQLite refuses at once rather than waiting: the loser tries again.
	for tries := 1; ; tries++ {
		err = s.Migrate(ctx)
		if err == nil || !sqliteBusy(err) || tries == 100 || ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// sqliteBusy reports whether SQLite refused for another connection's lock.
func sqliteBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED)
}

// uriPath escapes what would end a file name early in a SQLite URI, so
// that any file name opens the file it names.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Close closes the database, then lets go of its lock.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.unlock != nil {
		s.unlock()
	}
	return err
}

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.dialect.mapError(s.db.PingContext(ctx)) }

// Dialect names the database engine: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

// SchemaVersion returns the number of the newest migration applied, 0 for
// none.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil && !s.dialect.unavailable(err) {
		// No table yet: nothing applied.
		return 0, nil
	}
	return v, s.dialect.mapError(err)
}

// migrationFiles returns the dialect's migrations in order, by number.
func (s *Store) migrationFiles() (map[int]string, []int, error) {
	names, err := fs.Glob(migrations, path.Join("migrations", s.dialect.name, "*.sql"))
	if err != nil {
		return nil, nil, err
	}
	files := map[int]string{}
	var versions []int
	for _, name := range names {
		v, err := strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0])
		if err != nil {
			return nil, nil, fmt.Errorf("migration %s: name must start with its number", name)
		}
		files[v] = name
		versions = append(versions, v)
	}
	sort.Ints(versions)
	return files, versions, nil
}

// LatestSchema is the schema version this build of peel needs.
func (s *Store) LatestSchema() int {
	_, versions, err := s.migrationFiles()
	if err != nil || len(versions) == 0 {
		return 0
	}
	return versions[len(versions)-1]
}

// CheckSchema returns an error that says what to run when the database's
// schema is not the one this build needs.
func (s *Store) CheckSchema(ctx context.Context) error {
	have, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	switch want := s.LatestSchema(); {
	case have < want:
		return peel.Errorf(peel.EINVALID, "the database's schema is at version %d and this peel needs %d: run `peel migrate` first", have, want)
	case have > want:
		return peel.Errorf(peel.EINVALID, "the database's schema is at version %d, newer than this peel knows (%d): run a newer peel", have, want)
	}
	return nil
}

// Migrate applies, in order and each in its own transaction, the embedded
// migrations that the database has not had yet. Like every write, each
// waits for any other writer, so concurrent runs wait for each other.
func (s *Store) Migrate(ctx context.Context) error {
	files, versions, err := s.migrationFiles()
	if err != nil {
		return err
	}
	err = s.transact(ctx, false, func(tx *tx) error {
		_, err := tx.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, version := range versions {
		// A migration is not a change of the site's content, and comes
		// before the table that counts changes.
		err := s.transact(ctx, false, func(tx *tx) error {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil || n > 0 {
				return err
			}
			body, err := migrations.ReadFile(files[version])
			if err != nil {
				return err
			}
			if _, err := tx.exec(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", files[version], err)
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
	changed bool // a statement has written a row
}

// exec runs a statement, noting whether it wrote anything.
func (tx *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := tx.ExecContext(ctx, tx.dialect.rebind(query), args...)
	if err == nil {
		if n, nerr := res.RowsAffected(); nerr != nil || n > 0 {
			tx.changed = true
		}
	}
	return res, err
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
	tx.changed = tx.changed || err == nil
	return id, err
}

// inTx runs fn in a transaction, committed if fn returns nil and rolled back
// otherwise, so that nothing is ever half-written. A transaction that wrote
// anything moves the site's generation on as it commits (see Changes).
func (s *Store) inTx(ctx context.Context, fn func(*tx) error) error {
	return s.transact(ctx, true, fn)
}

func (s *Store) transact(ctx context.Context, count bool, fn func(*tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.dialect.mapError(err)
	}
	t := &tx{Tx: sqlTx, dialect: s.dialect, now: s.now().UTC().Truncate(time.Millisecond)}
	if s.dialect.lockWrites != "" {
		if _, err := t.exec(ctx, s.dialect.lockWrites); err != nil {
			sqlTx.Rollback()
			return s.dialect.mapError(err)
		}
		t.changed = false // taking the lock writes nothing
	}
	if err := fn(t); err != nil {
		sqlTx.Rollback()
		return s.dialect.mapError(err)
	}
	if count && t.changed {
		if _, err := t.exec(ctx, `UPDATE site_state SET generation = generation + 1`); err != nil {
			sqlTx.Rollback()
			return s.dialect.mapError(err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return s.dialect.mapError(err)
	}
	if count && t.changed {
		s.changes.Add(1)
	}
	return nil
}

// readTx is inTx for reads: a consistent snapshot, without waiting for
// writers. SQLite's WAL gives one to any read transaction; PostgreSQL's
// repeatable read does, where its default would take a new one for each
// statement. (SQLite's driver leaves the isolation level to SQLite.)
func (s *Store) readTx(ctx context.Context, fn func(*tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return s.dialect.mapError(err)
	}
	defer sqlTx.Rollback()
	return s.dialect.mapError(fn(&tx{Tx: sqlTx, dialect: s.dialect, now: s.now().UTC().Truncate(time.Millisecond)}))
}

// mapError turns what the driver says into the domain's errors, by code:
// no rows is ENOTFOUND, a unique or foreign-key violation ECONFLICT, a
// database out of reach EUNAVAILABLE.
func (d dialect) mapError(err error) error {
	var se *sqlite.Error
	var pe *pgconn.PgError
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
	case errors.As(err, &pe):
		switch pe.Code {
		case "23505": // unique_violation
			return peel.Errorf(peel.ECONFLICT, "already exists")
		case "23503": // foreign_key_violation
			return peel.Errorf(peel.ECONFLICT, "still in use")
		}
	}
	if d.unavailable(err) {
		// The driver's words stay in the text, for the log.
		return fmt.Errorf("%w (%v)", peel.Errorf(peel.EUNAVAILABLE, "the database cannot be reached"), err)
	}
	return err
}

// Times are stored in UTC to the millisecond, in a form of fixed width that
// sorts as time does and that SQLite's own clock ({{now}}) writes too.
func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// formatDate is a calendar day as stored; NULL when not known.
func formatDate(d peel.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

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
	if v == nil {
		*d.d = peel.Date{}
		return nil
	}
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

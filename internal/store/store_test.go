package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func TestOpen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("OK", func(t *testing.T) {
			st := openStore(t, b)
			if err := st.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			if got := st.Dialect(); got != b.Name {
				t.Fatalf("dialect %q, want %q", got, b.Name)
			}
			if v, err := st.SchemaVersion(ctx); err != nil {
				t.Fatal(err)
			} else if v != st.LatestSchema() || v < 1 {
				t.Fatalf("schema version %d after migrating, want %d", v, st.LatestSchema())
			}
			if err := st.CheckSchema(ctx); err != nil {
				t.Fatal(err)
			}
			// The schema is usable straight away.
			if orgs, err := st.FindOrganisations(ctx, store.OrganisationFilter{}); err != nil || len(orgs) != 0 {
				t.Fatalf("a new store has organisations %v (error %v), want none", orgs, err)
			}
		})

		t.Run("Reopen", func(t *testing.T) {
			database := b.Database(t)
			st, err := store.Open(ctx, database)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			first, err := st.SchemaVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.AddOrganisations(ctx, sampleOrganisations()); err != nil {
				t.Fatal(err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}

			st, err = store.Open(ctx, database)
			if err != nil {
				t.Fatalf("second Open of the same database: %v", err)
			}
			defer st.Close()
			if err := st.CheckSchema(ctx); err != nil {
				t.Fatalf("after reopening: %v", err)
			}
			if second, err := st.SchemaVersion(ctx); err != nil {
				t.Fatal(err)
			} else if second != first {
				t.Fatalf("schema version %d after reopening, want %d", second, first)
			}
			wantMigrationsOnce(t, st)
			// What the first Open stored is still there.
			if _, err := st.FindOrganisationBySlug(ctx, "sample-force"); err != nil {
				t.Fatalf("after reopening: %v", err)
			}
		})
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := store.Open(ctx, "")
		wantCode(t, err, peel.EINVALID)
	})
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	eachBackend(t, func(t *testing.T, b fixture.Backend) {
		t.Run("Twice", func(t *testing.T) {
			st := openStore(t, b)
			if _, err := st.AddOrganisations(ctx, sampleOrganisations()); err != nil {
				t.Fatal(err)
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatalf("migrating a database that is up to date: %v", err)
			}
			if err := st.CheckSchema(ctx); err != nil {
				t.Fatal(err)
			}
			wantMigrationsOnce(t, st)
			if orgs, err := st.FindOrganisations(ctx, store.OrganisationFilter{}); err != nil || len(orgs) != 2 {
				t.Fatalf("after migrating again: organisations %v (error %v), want the 2 stored", orgs, err)
			}
		})

		t.Run("Concurrent", func(t *testing.T) {
			// Several peels migrate one database at once: they wait for
			// each other, all succeed, and each migration is applied once.
			// (On SQLite, Open has migrated already.)
			database := b.Database(t)
			const n = 4
			stores := make([]*store.Store, n)
			for i := range stores {
				st, err := store.Open(ctx, database)
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				stores[i] = st
			}
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i, st := range stores {
				wg.Go(func() { errs[i] = st.Migrate(ctx) })
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("migration %d of %d: %v", i+1, n, err)
				}
			}
			if t.Failed() {
				return
			}
			if err := stores[0].CheckSchema(ctx); err != nil {
				t.Fatal(err)
			}
			wantMigrationsOnce(t, stores[0])
		})

		t.Run("ErrInvalid/NewerSchema", func(t *testing.T) {
			// A database that a newer peel has migrated is refused, and
			// migrating it does not pretend otherwise.
			st := openStore(t, b)
			newer := st.LatestSchema() + 1
			if _, err := store.DB(st).ExecContext(ctx, store.Rebind(st, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`), newer, "2030-01-01T00:00:00.000Z"); err != nil {
				t.Fatal(err)
			}
			for _, step := range []string{"before migrating", "after migrating"} {
				err := st.CheckSchema(ctx)
				wantCode(t, err, peel.EINVALID)
				if msg := peel.ErrorMessage(err); !strings.Contains(msg, fmt.Sprint(newer)) || !strings.Contains(msg, "newer peel") {
					t.Fatalf("%s: %q, want it to give version %d and say to run a newer peel", step, msg, newer)
				}
				if err := st.Migrate(ctx); err != nil {
					t.Fatalf("migrating a newer schema: %v", err)
				}
			}
		})
	})
}

// TestOpenPostgres covers what only PostgreSQL does: its schema is made by
// peel migrate, not on Open, and a server out of reach is told from a
// refusal.
func TestOpenPostgres(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("EmptySchema", func(t *testing.T) {
		st, err := store.Open(ctx, fixture.PostgresURL(t))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if v, err := st.SchemaVersion(ctx); err != nil || v != 0 {
			t.Fatalf("an empty schema is at version %d (error %v), want 0", v, err)
		}
		err = st.CheckSchema(ctx)
		wantCode(t, err, peel.EINVALID)
		if msg := peel.ErrorMessage(err); !strings.Contains(msg, "peel migrate") {
			t.Fatalf("CheckSchema on an empty schema says %q, want it to say to run `peel migrate`", msg)
		}

		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if v, err := st.SchemaVersion(ctx); err != nil || v != st.LatestSchema() {
			t.Fatalf("after Migrate the schema is at version %d (error %v), want %d", v, err, st.LatestSchema())
		}
		if err := st.CheckSchema(ctx); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ErrUnavailable", func(t *testing.T) {
		// Nothing listens on port 1.
		_, err := store.Open(ctx, "postgres://peel@127.0.0.1:1/peel?sslmode=disable&connect_timeout=5")
		wantCode(t, err, peel.EUNAVAILABLE)
	})
}

// TestOpenPragmas checks, on SQLite only, the pragmas on several connections
// held at once, so that each is a different pooled connection: set once on
// the first connection only, they would be missing from the others.
// PostgreSQL has no such per-connection settings for peel to make.
func TestOpenPragmas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := store.DB(openSQLite(t, fixture.SQLitePath(t)))

	const n = 4
	conns := make([]*sql.Conn, n)
	for i := range conns {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
	}
	for i, c := range conns {
		var foreignKeys, busyTimeout int
		var journalMode string
		if err := c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&foreignKeys); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&journalMode); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busyTimeout); err != nil {
			t.Fatal(err)
		}
		if foreignKeys != 1 {
			t.Errorf("connection %d: foreign_keys = %d, want 1", i, foreignKeys)
		}
		if journalMode != "wal" {
			t.Errorf("connection %d: journal_mode = %q, want wal", i, journalMode)
		}
		if busyTimeout <= 0 {
			t.Errorf("connection %d: busy_timeout = %d, want more than 0", i, busyTimeout)
		}
	}
	if got := db.Stats().OpenConnections; got < n {
		t.Fatalf("%d open connections, want at least %d distinct ones checked", got, n)
	}
}

// TestOpenSQLitePath checks, on SQLite only, that Open creates the file it is
// given and migrates it, whatever characters its name holds: SQLite is given
// the path inside a URI, where ?, # and % would otherwise end or change it.
// A PostgreSQL URL is the user's to write as a URL.
func TestOpenSQLitePath(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	for _, name := range []string{"peel.db", "peel?mode=ro.db", "peel#1.db", "peel%3f.db", "peel 100%.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			st := openSQLite(t, path)
			if _, err := st.AddOrganisations(ctx, sampleOrganisations()); err != nil {
				t.Fatal(err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("Open did not create the file it was given: %v", err)
			}

			st = openSQLite(t, path)
			if _, err := st.FindOrganisationBySlug(ctx, "sample-force"); err != nil {
				t.Fatalf("reopening %q: %v", name, err)
			}
			// No other database file beside it: only the one named, and
			// SQLite's own journal files for it.
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if !strings.HasPrefix(e.Name(), name) {
					t.Errorf("Open of %q made a file %q", name, e.Name())
				}
			}
		})
	}
}

// openSQLite opens the SQLite file at path, which Open migrates itself,
// closed when the test ends.
func openSQLite(tb testing.TB, path string) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := st.CheckSchema(context.Background()); err != nil {
		tb.Fatalf("Open of a SQLite file leaves its schema out of date: %v", err)
	}
	return st
}

// wantMigrationsOnce checks each migration up to the latest is recorded
// once, however many times the database was opened or migrated.
func wantMigrationsOnce(tb testing.TB, st *store.Store) {
	tb.Helper()
	var rows, distinct int
	err := store.DB(st).QueryRowContext(context.Background(), `SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&rows, &distinct)
	if err != nil {
		tb.Fatal(err)
	} else if rows != distinct || rows != store.Migrations(st) {
		tb.Fatalf("schema_migrations has %d rows for %d versions, want %d", rows, distinct, store.Migrations(st))
	}
}

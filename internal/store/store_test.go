package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

func TestOpen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "peel.db")
		st, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("Open did not create the database file: %v", err)
		}
		if err := st.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		if v, err := st.SchemaVersion(ctx); err != nil {
			t.Fatal(err)
		} else if v < 1 {
			t.Fatalf("schema version %d after Open, want the migrations applied", v)
		}
		// The schema is usable straight away.
		if orgs, err := st.FindOrganisations(ctx, store.OrganisationFilter{}); err != nil || len(orgs) != 0 {
			t.Fatalf("a new store has organisations %v (error %v), want none", orgs, err)
		}
	})

	t.Run("Reopen", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "peel.db")
		st, err := store.Open(ctx, path)
		if err != nil {
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

		st, err = store.Open(ctx, path)
		if err != nil {
			t.Fatalf("second Open of the same file: %v", err)
		}
		defer st.Close()
		if second, err := st.SchemaVersion(ctx); err != nil {
			t.Fatal(err)
		} else if second != first {
			t.Fatalf("schema version %d after reopening, want %d", second, first)
		}
		// Each migration is recorded once, not once per Open.
		var rows, distinct int
		err = store.DB(st).QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&rows, &distinct)
		if err != nil {
			t.Fatal(err)
		} else if rows != distinct || rows != first {
			t.Fatalf("schema_migrations has %d rows for %d versions, want %d", rows, distinct, first)
		}
		// What the first Open stored is still there.
		if _, err := st.FindOrganisationBySlug(ctx, "sample-force"); err != nil {
			t.Fatalf("after reopening: %v", err)
		}
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := store.Open(ctx, "")
		wantCode(t, err, peel.EINVALID)
	})
}

// TestOpenPragmas checks the pragmas on several connections held at once, so
// that each is a different pooled connection: set once on the first
// connection only, they would be missing from the others.
func TestOpenPragmas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := store.DB(openStore(t))

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

package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// Backup and restore are SQLite's: PostgreSQL has its own tools.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "peel.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateNotice(ctx, &peel.Notice{Title: "Sample kept", Body: "In the backup."}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	held := 0 // notices in the backup: how many of the later ones it caught depends on timing

	t.Run("OK", func(t *testing.T) {
		// Writers go on while the backup reads its snapshot.
		done := make(chan error)
		go func() {
			for i := 0; i < 20; i++ {
				if err := st.CreateNotice(ctx, &peel.Notice{Title: "Sample later", Body: "Written meanwhile."}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		if err := st.Backup(ctx, backup); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		copied, err := store.Open(ctx, backup)
		if err != nil {
			t.Fatal(err)
		}
		list, err := copied.FindNotices(ctx, store.NoticeFilter{})
		copied.Close()
		held = len(list)
		if err != nil || len(list) == 0 || list[0].Title != "Sample kept" {
			t.Fatalf("the backup holds %v (%v); want the notice stored before it", list, err)
		}
	})
	t.Run("ErrConflictExists", func(t *testing.T) {
		if err := st.Backup(ctx, backup); peel.ErrorCode(err) != peel.ECONFLICT {
			t.Errorf("a backup over an existing file: %v, want a conflict", err)
		}
	})
	t.Run("ErrConflictInUse", func(t *testing.T) {
		if err := store.Restore(ctx, backup, path); peel.ErrorCode(err) != peel.ECONFLICT {
			t.Fatalf("restoring over an open database: %v, want a conflict", err)
		}
		n, err := st.FindNotices(ctx, store.NoticeFilter{})
		if err != nil || len(n) != 21 {
			t.Errorf("the open database changed: %d notices (%v), want 21", len(n), err)
		}
	})
	t.Run("ErrInvalidNotADatabase", func(t *testing.T) {
		junk := filepath.Join(dir, "junk.db")
		os.WriteFile(junk, []byte("not a database"), 0o644)
		for _, from := range []string{junk, filepath.Join(dir, "missing.db")} {
			if err := store.Restore(ctx, from, filepath.Join(dir, "other.db")); peel.ErrorCode(err) != peel.EINVALID {
				t.Errorf("restore from %s: %v, want invalid", from, err)
			}
		}
	})
	t.Run("OKRestore", func(t *testing.T) {
		st.Close()
		if err := store.Restore(ctx, backup, path); err != nil {
			t.Fatal(err)
		}
		back, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer back.Close()
		list, err := back.FindNotices(ctx, store.NoticeFilter{})
		if err != nil || len(list) != held || list[0].Title != "Sample kept" {
			t.Errorf("after the restore: %d notices (%v); want the %d the backup held", len(list), err, held)
		}
	})
	t.Run("ErrInvalidPostgres", func(t *testing.T) {
		if err := store.Restore(ctx, backup, "postgres://localhost/peel"); peel.ErrorCode(err) != peel.EINVALID {
			t.Errorf("restore onto PostgreSQL: %v, want invalid", err)
		}
	})
}

// TestBackupPostgres checks that a PostgreSQL store's Backup writes nothing
// and says which tool to use instead.
func TestBackupPostgres(t *testing.T) {
	t.Parallel()
	st := openStore(t, fixture.Backend{Name: "postgres", Database: fixture.PostgresURL})
	path := filepath.Join(t.TempDir(), "backup.db")
	err := st.Backup(context.Background(), path)
	wantCode(t, err, peel.EINVALID)
	if msg := peel.ErrorMessage(err); !strings.Contains(msg, "pg_dump") {
		t.Errorf("Backup of PostgreSQL says %q, want it to point to pg_dump", msg)
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("Backup of PostgreSQL wrote %s", path)
	}
}

package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
)

// TestPostgres runs the commands on a PostgreSQL schema of the test's own
// when PEEL_TEST_DATABASE_URL is set (CI sets it).
func TestPostgres(t *testing.T) {
	url := fixture.PostgresURL(t)
	seed := fixture.SeedPath(t)
	path := "peel-2016/kent/legitimacy"

	t.Run("ErrSchemaOutOfDate", func(t *testing.T) {
		for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0"}, {"import", seed}, {"notice", "list"}} {
			r := run(t, append([]string{"--database", url}, args...)...).want(t, 1)
			if !strings.Contains(r.stderr, "run `peel migrate` first") {
				t.Errorf("peel %s on an empty schema says:\n%s", args[0], r.stderr)
			}
		}
	})
	t.Run("OK", func(t *testing.T) {
		r := run(t, "--database", url, "migrate").want(t, 0)
		if !strings.HasPrefix(r.stdout, "schema migrated from version 0 to ") {
			t.Errorf("migrate says %q", r.stdout)
		}
		if r := run(t, "--database", url, "migrate").want(t, 0); !strings.Contains(r.stdout, "up to date") {
			t.Errorf("migrate again says %q", r.stdout)
		}
		if r := run(t, "--database", url, "import", "--draft", seed).want(t, 0); r.stdout != seed+": created\n" {
			t.Errorf("import says %q", r.stdout)
		}
		if r := run(t, "--database", url, "import", "--draft", seed).want(t, 0); r.stdout != seed+": unchanged\n" {
			t.Errorf("import again says %q", r.stdout)
		}
		if r := run(t, "--database", url, "publish", path).want(t, 0); r.stdout != path+": published (version 2)\n" {
			t.Errorf("publish says %q", r.stdout)
		}
		if r := run(t, "--database", url, "publish", path).want(t, 1); !strings.Contains(r.stderr, "published already") {
			t.Errorf("publish again says %q", r.stderr)
		}
		got := run(t, "--database", url, "export", path).want(t, 0).stdout
		if want := fixture.SeedLines(t, 7, 60) + "\n"; got != want {
			t.Errorf("the text export from PostgreSQL is not lines 7-60 of the seed")
		}
	})
	t.Run("ErrBackupRestore", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "b.db")
		if r := run(t, "--database", url, "backup", file).want(t, 1); !strings.Contains(r.stderr, "pg_dump") {
			t.Errorf("backup of PostgreSQL says %q", r.stderr)
		}
		if r := run(t, "--database", url, "restore", file).want(t, 1); !strings.Contains(r.stderr, "pg_restore") {
			t.Errorf("restore onto PostgreSQL says %q", r.stderr)
		}
	})
}

func TestPublish(t *testing.T) {
	db := newDatabase(t)
	seed := fixture.SeedPath(t)
	path := "peel-2016/kent/legitimacy"
	run(t, "--database", db, "import", "--draft", seed).want(t, 0)

	if r := run(t, "--database", db, "publish", "--at", "2099-01-02T03:04:05Z", path).want(t, 0); r.stdout != path+": scheduled for 2099-01-02T03:04:05Z\n" {
		t.Errorf("publish --at says %q", r.stdout)
	}
	if out := run(t, "--database", db, "export", "--format", "json", path).want(t, 0).stdout; !strings.Contains(out, `"status": "scheduled"`) || !strings.Contains(out, `"publishAt": "2099-01-02T03:04:05Z"`) {
		t.Errorf("a scheduled assessment exports as:\n%s", out)
	}
	// A time that has come publishes at once.
	if r := run(t, "--database", db, "publish", "--at", "2001-01-01T00:00:00Z", path).want(t, 0); r.stdout != path+": published (version 2)\n" {
		t.Errorf("publish --at a past time says %q", r.stdout)
	}
	out := run(t, "--database", db, "export", "--format", "json", path).want(t, 0).stdout
	// It became public now, not at the time gone by.
	if !strings.Contains(out, `"status": "published"`) || strings.Contains(out, `"publishedAt": "2001-`) {
		t.Errorf("a published assessment exports as:\n%s", out)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"publish", "--at", "tomorrow", path}, 2, "RFC 3339"},
		{[]string{"publish", "peel-2016/kent"}, 2, "FRAMEWORK/ORGANISATION/PILLAR"},
		{[]string{"publish", "peel-2016/kent/efficiency"}, 1, "no assessment"},
	} {
		if r := run(t, append([]string{"--database", db}, tt.args...)...).want(t, tt.code); !strings.Contains(r.stderr, tt.want) {
			t.Errorf("peel %v says %q, want %q", tt.args, r.stderr, tt.want)
		}
	}
}

func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "peel.db"), filepath.Join(dir, "backup.db")
	run(t, "--database", db, "notice", "add", "--title", "Sample kept", "--body", "In the backup.").want(t, 0)
	if r := run(t, "--database", db, "backup", backup).want(t, 0); r.stdout != "backed up to "+backup+"\n" {
		t.Errorf("backup says %q", r.stdout)
	}
	run(t, "--database", db, "backup", backup).want(t, 1)
	run(t, "--database", db, "notice", "add", "--title", "Sample later", "--body", "Not in the backup.").want(t, 0)
	if r := run(t, "--database", db, "restore", backup).want(t, 0); r.stdout != "restored "+db+" from "+backup+"\n" {
		t.Errorf("restore says %q", r.stdout)
	}
	list := run(t, "--database", db, "notice", "list").want(t, 0).stdout
	if !strings.Contains(list, "Sample kept") || strings.Contains(list, "Sample later") {
		t.Errorf("after the restore the notices are:\n%s", list)
	}
	if r := run(t, "--database", db, "restore", filepath.Join(dir, "missing.db")).want(t, 1); !strings.Contains(r.stderr, "no backup at") {
		t.Errorf("restore of a missing file says %q", r.stderr)
	}
}

func TestImportGrades(t *testing.T) {
	db := newDatabase(t)
	table := writeFile(t, "grades.csv", []byte("force_slug,cycle,pillar,grade,source\ndurham,2016,Efficiency,Good,https://sample.example/d\nessex,2016,Efficiency,,\n"))
	if r := run(t, "--database", db, "import-grades", table).want(t, 0); r.stdout != table+": 1 created, 0 updated, 0 unchanged, 1 unknown left out\n" {
		t.Errorf("import-grades says %q", r.stdout)
	}
	if r := run(t, "--database", db, "import-grades", table).want(t, 0); r.stdout != table+": 0 created, 0 updated, 1 unchanged, 1 unknown left out\n" {
		t.Errorf("import-grades again says %q", r.stdout)
	}
	changed := writeFile(t, "changed.csv", []byte("force_slug,cycle,pillar,grade\ndurham,2016,Efficiency,Inadequate\ncumbria,2016,Efficiency,Good\n"))
	if r := run(t, "--database", db, "import-grades", "--add-only", changed).want(t, 0); r.stdout != changed+": 1 created, 0 updated, 1 unchanged, 0 unknown left out\n" {
		t.Errorf("import-grades --add-only says %q", r.stdout)
	}
	if out := run(t, "--database", db, "export", "--format", "json", "peel-2016/durham/efficiency").want(t, 0).stdout; !strings.Contains(out, `"grade": "good"`) {
		t.Errorf("--add-only changed a stored grade:\n%s", out)
	}
	if r := run(t, "--database", db, "export", "peel-2016/durham/efficiency").want(t, 1); !strings.Contains(r.stderr, "known by its grade alone") {
		t.Errorf("the text export of a grade says %q", r.stderr)
	}
	bad := writeFile(t, "bad.csv", []byte("force_slug,cycle,pillar,grade\nessex,2016,Efficiency,Good\nessex,2016,Efficiency,Superb\n"))
	r := run(t, "--database", db, "import-grades", bad, table).want(t, 1)
	if r.stderr != bad+`:3: grade not on the PEEL 2016 scale (Outstanding, Good, Requires improvement, Inadequate, or Not graded): "Superb"`+"\n" {
		t.Errorf("a bad table says %q", r.stderr)
	}
	if !strings.Contains(r.stdout, table+": 0 created") {
		t.Errorf("the good table beside it: %q", r.stdout)
	}
	if r := run(t, "--database", db, "export", "--format", "json", "peel-2016/essex/efficiency").want(t, 1); !strings.Contains(r.stderr, "no assessment") {
		t.Errorf("a row of a refused table was stored: %q", r.stderr)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
)

// result is what a user sees of one run of peel.
type result struct {
	code           int
	stdout, stderr string
}

// env is the environment a run sees; nil is an empty one.
type env map[string]string

func (e env) get(name string) string { return e[name] }

// run runs peel in process with args and no environment.
func run(tb testing.TB, args ...string) result {
	tb.Helper()
	return runEnv(tb, nil, args...)
}

// runEnv runs peel in process with args and the environment e.
func runEnv(tb testing.TB, e env, args ...string) result {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, e.get)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// want fails the test unless the run ended with the exit status.
func (r result) want(tb testing.TB, code int) result {
	tb.Helper()
	if r.code != code {
		tb.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

// newDatabase returns the path of a new database in a fresh folder, as
// peel makes it on first use: migrated, with the reference data. (It is a
// copy of one made once: making each anew took a second and a half a test
// under the race detector.) Tests of that first use take emptyDatabase.
func newDatabase(tb testing.TB) string {
	tb.Helper()
	return fixture.SQLiteDatabase(tb)
}

// emptyDatabase returns the path of a database file not yet made, in a
// fresh folder: peel creates it on first use.
func emptyDatabase(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "peel.db")
}

// writeFile writes data to name in a fresh folder and returns its path.
func writeFile(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// seedLines returns the seed page's lines (LF line ends), numbered from 0:
// line N of the file is lines[N-1].
func seedLines(tb testing.TB) []string {
	tb.Helper()
	return strings.Split(strings.ReplaceAll(string(fixture.Seed(tb)), "\r\n", "\n"), "\n")
}

// seedFile writes a copy of the seed page into a fresh folder under name.
func seedFile(tb testing.TB, name string) string {
	tb.Helper()
	return writeFile(tb, name, fixture.Seed(tb))
}

// exportJSON exports an assessment as JSON and decodes it, numbers kept as
// written so that a test can tell 1 from 1.0.
func exportJSON(tb testing.TB, db, path string) map[string]any {
	tb.Helper()
	r := run(tb, "--database", db, "export", "--format", "json", path).want(tb, 0)
	return decodeJSON(tb, r.stdout)
}

func decodeJSON(tb testing.TB, s string) map[string]any {
	tb.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		tb.Fatalf("not a JSON object: %v\n%s", err, s)
	}
	if _, err := dec.Token(); err != io.EOF {
		tb.Fatalf("more than one JSON value:\n%s", s)
	}
	return v
}

func TestHelp(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		r := run(t, "--help").want(t, 0)
		for _, want := range []string{
			"Usage: peel [global options] COMMAND",
			"--database DATABASE",
			"PEEL_DATABASE",
			`(default "peel.db")`,
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("peel --help does not show %q:\n%s", want, r.stdout)
			}
		}
		for _, name := range []string{"serve", "migrate", "import", "export", "check", "framework", "organisation", "notice"} {
			if !regexp.MustCompile(`(?m)^\s+` + name + `\s+\S`).MatchString(r.stdout) {
				t.Errorf("peel --help does not list the command %s:\n%s", name, r.stdout)
			}
		}
		if r.stderr != "" {
			t.Errorf("peel --help wrote to stderr:\n%s", r.stderr)
		}
	})

	t.Run("HelpCommand", func(t *testing.T) {
		want := run(t, "--help").want(t, 0).stdout
		if got := run(t, "help").want(t, 0).stdout; got != want {
			t.Errorf("peel help:\n%s\nwant what peel --help shows:\n%s", got, want)
		}
	})

	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"serve", "--help"}, []string{"Usage: peel serve", "--addr HOST:PORT", "PEEL_ADDR", `(default "localhost:8080")`}},
		{[]string{"import", "--help"}, []string{"Usage: peel import [options] FILE...", "--draft"}},
		{[]string{"export", "--help"}, []string{"Usage: peel export [options] FRAMEWORK/ORGANISATION/PILLAR", "--format", `(default "text")`, "json"}},
		{[]string{"framework", "--help"}, []string{"Usage: peel framework COMMAND", "list", "import", "export"}},
		{[]string{"framework", "import", "--help"}, []string{"Usage: peel framework import FILE..."}},
		{[]string{"framework", "export", "--help"}, []string{"Usage: peel framework export [options] SLUG", "--format", `(default "yaml")`}},
		{[]string{"notice", "--help"}, []string{"Usage: peel notice COMMAND", "add", "list", "remove"}},
		{[]string{"notice", "add", "--help"}, []string{"Usage: peel notice add [options]", "--title", "--body", "--from TIME", "--until TIME", "RFC 3339"}},
		{[]string{"notice", "remove", "--help"}, []string{"Usage: peel notice remove ID"}},
		{[]string{"organisation", "--help"}, []string{"Usage: peel organisation COMMAND", "list"}},
		{[]string{"migrate", "-h"}, []string{"Usage: peel migrate"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := run(t, tt.args...).want(t, 0)
			for _, want := range tt.want {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("peel %s does not show %q:\n%s", strings.Join(tt.args, " "), want, r.stdout)
				}
			}
		})
	}
}

// TestHelpListsEveryOption walks every command and checks that its help
// names each of its options, with the default where it has one.
func TestHelpListsEveryOption(t *testing.T) {
	var walk func(path []string, cmds []*command)
	walk = func(path []string, cmds []*command) {
		for _, c := range cmds {
			p := append(append([]string{}, path...), c.name)
			if c.sub != nil {
				walk(p, c.sub)
				continue
			}
			t.Run(strings.Join(p, " "), func(t *testing.T) {
				fs := flag.NewFlagSet("", flag.ContinueOnError)
				if c.flags != nil {
					c.flags(&app{getenv: env(nil).get}, fs)
				}
				r := run(t, append(p, "--help")...).want(t, 0)
				fs.VisitAll(func(f *flag.Flag) {
					if !regexp.MustCompile(`(?m)^\s+--` + f.Name + `\b`).MatchString(r.stdout) {
						t.Errorf("help does not list --%s:\n%s", f.Name, r.stdout)
					}
					if f.DefValue != "" && f.DefValue != "false" && !strings.Contains(r.stdout, `(default "`+f.DefValue+`")`) {
						t.Errorf("help does not give --%s's default %q:\n%s", f.Name, f.DefValue, r.stdout)
					}
				})
			})
		}
	}
	walk(nil, commands())
}

func TestUsageErrors(t *testing.T) {
	db := newDatabase(t)
	tests := []struct {
		name string
		args []string
		want string // on stderr
	}{
		{"NoCommand", nil, "Usage: peel"},
		{"UnknownCommand", []string{"unpublish"}, `unknown command "unpublish"`},
		{"UnknownGlobalFlag", []string{"--verbose", "import", "x"}, "-verbose"},
		{"GlobalFlagWithoutValue", []string{"--database"}, "-database"},
		{"UnknownFlag", []string{"import", "--bogus", "x"}, "-bogus"},
		{"ImportNoFiles", []string{"import"}, "name at least one FILE"},
		{"ImportDraftNoFiles", []string{"import", "--draft"}, "name at least one FILE"},
		{"ExportNoPath", []string{"export"}, "peel export:"},
		{"ExportTwoPaths", []string{"export", "peel-2016/kent/legitimacy", "peel-2016/kent/efficiency"}, "peel export:"},
		{"ExportBadFormat", []string{"export", "--format", "pdf", "peel-2016/kent/legitimacy"}, `"pdf"`},
		{"ExportMalformedPath", []string{"export", "peel-2016/kent"}, `"peel-2016/kent"`},
		{"ServeArgument", []string{"serve", "extra"}, "peel serve:"},
		{"FrameworkNoSubcommand", []string{"framework"}, "a command is needed"},
		{"FrameworkUnknownSubcommand", []string{"framework", "delete"}, `unknown command "delete"`},
		{"FrameworkImportNoFiles", []string{"framework", "import"}, "name at least one FILE"},
		{"FrameworkExportNoSlug", []string{"framework", "export"}, "peel framework export:"},
		{"FrameworkExportBadFormat", []string{"framework", "export", "--format", "xml", "peel-2016"}, `"xml"`},
		{"NoticeNoSubcommand", []string{"notice"}, "a command is needed"},
		{"NoticeRemoveNoID", []string{"notice", "remove"}, "peel notice remove:"},
		{"NoticeRemoveNotANumber", []string{"notice", "remove", "first"}, "peel notice remove:"},
		{"NoticeAddArgument", []string{"notice", "add", "--title", "T", "--body", "B", "extra"}, "peel notice add:"},
		{"MigrateArgument", []string{"migrate", "extra"}, "peel migrate:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--database", db}, tt.args...)
			r := run(t, args...).want(t, 2)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr does not say %q:\n%s", tt.want, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("a usage error wrote to stdout:\n%s", r.stdout)
			}
		})
	}
}

func TestDatabase(t *testing.T) {
	seed := seedFile(t, "kent.txt")
	const path = "peel-2016/kent/legitimacy"

	t.Run("Environment", func(t *testing.T) {
		db := emptyDatabase(t)
		e := env{"PEEL_DATABASE": db}
		runEnv(t, e, "import", seed).want(t, 0)
		if _, err := os.Stat(db); err != nil {
			t.Fatalf("PEEL_DATABASE names %s, but import did not create it: %v", db, err)
		}
		// Every command reads the same database.
		runEnv(t, e, "export", path).want(t, 0)
		runEnv(t, e, "notice", "add", "--title", "Sample notice", "--body", "Sample text").want(t, 0)
		if r := runEnv(t, e, "notice", "list").want(t, 0); !strings.Contains(r.stdout, "Sample notice") {
			t.Errorf("notice list with PEEL_DATABASE:\n%s", r.stdout)
		}
		if r := run(t, "--database", db, "notice", "list").want(t, 0); !strings.Contains(r.stdout, "Sample notice") {
			t.Error("the notice is not in the database PEEL_DATABASE names")
		}
	})

	t.Run("FlagOverridesEnvironment", func(t *testing.T) {
		fromEnv, fromFlag := newDatabase(t), newDatabase(t)
		e := env{"PEEL_DATABASE": fromEnv}
		runEnv(t, e, "--database", fromFlag, "import", seed).want(t, 0)
		if _, err := os.Stat(fromFlag); err != nil {
			t.Fatalf("--database names %s, but import did not create it: %v", fromFlag, err)
		}
		run(t, "--database", fromFlag, "export", path).want(t, 0)
		r := runEnv(t, e, "export", path).want(t, 1)
		if !strings.Contains(r.stderr, "no assessment") {
			t.Errorf("export from the database PEEL_DATABASE names:\n%s", r.stderr)
		}
	})

	t.Run("Default", func(t *testing.T) {
		dir := t.TempDir()
		t.Chdir(dir)
		r := run(t, "migrate").want(t, 0)
		if !strings.HasPrefix(r.stdout, "schema ") {
			t.Errorf("peel migrate says:\n%s", r.stdout)
		}
		if _, err := os.Stat(filepath.Join(dir, "peel.db")); err != nil {
			t.Fatalf("with no --database and no PEEL_DATABASE, peel.db is not in the working directory: %v", err)
		}
	})
}

// TestOptionsAfterArguments: a command's options may follow its arguments,
// as users type them; "--" ends the options.
func TestOptionsAfterArguments(t *testing.T) {
	t.Run("ImportDraft", func(t *testing.T) {
		// Read as a file name, --draft would publish the page.
		db := newDatabase(t)
		seed := seedFile(t, "kent.txt")
		r := run(t, "--database", db, "import", seed, "--draft").want(t, 0)
		if want := seed + ": created\n"; r.stdout != want {
			t.Errorf("import FILE --draft says %q, want %q", r.stdout, want)
		}
		if v := exportJSON(t, db, seedPath); v["status"] != "draft" {
			t.Errorf("import FILE --draft stored status %v, want draft", v["status"])
		}
	})

	t.Run("ExportFormat", func(t *testing.T) {
		db := importedSeed(t)
		r := run(t, "--database", db, "export", seedPath, "--format", "json").want(t, 0)
		if v := decodeJSON(t, r.stdout); v["pillar"] != "legitimacy" {
			t.Errorf("export PATH --format json:\n%s", r.stdout)
		}
		r = run(t, "--database", db, "framework", "export", "peel-2016", "--format", "json").want(t, 0)
		if v := decodeJSON(t, r.stdout); v["slug"] != "peel-2016" {
			t.Errorf("framework export SLUG --format json:\n%s", r.stdout)
		}
	})

	t.Run("DoubleDash", func(t *testing.T) {
		db := newDatabase(t)
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "-kent.txt"), fixture.Seed(t), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Chdir(dir)
		run(t, "--database", db, "import", "-kent.txt").want(t, 2)
		r := run(t, "--database", db, "import", "--", "-kent.txt").want(t, 0)
		if r.stdout != "-kent.txt: created\n" {
			t.Errorf("import -- -kent.txt says %q", r.stdout)
		}
	})

	t.Run("NoticeStrayArgument", func(t *testing.T) {
		r := run(t, "--database", newDatabase(t), "notice", "add", "--title", "T", "stray", "--body", "B").want(t, 2)
		if !strings.Contains(r.stderr, "takes no arguments") {
			t.Errorf("stderr:\n%s", r.stderr)
		}
	})
}

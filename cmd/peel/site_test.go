package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/web"
)

func TestExportSite(t *testing.T) {
	db := importedSeed(t)
	// A grade-only assessment of another force, published, and a draft.
	grades := writeFile(t, "grades.csv", []byte("organisation,framework,pillar,grade,source\n"+
		"durham,peel-2016,efficiency,Good,https://sample.example/durham\n"))
	run(t, "--database", db, "import-grades", grades).want(t, 0)
	draft := seedVariant(t, func(lines []string) []string {
		lines[seedTitleLine-1] = strings.Replace(lines[seedTitleLine-1], "Kent", "Essex", 1)
		lines = append(lines, "Sample draft sentence that must stay unpublished.")
		return lines
	})
	run(t, "--database", db, "import", "--draft", writeFile(t, "essex.txt", draft)).want(t, 0)

	dir := filepath.Join(t.TempDir(), "site")
	r := run(t, "--database", db, "export-site", "--base-url", "https://peel.example.org", dir).want(t, 0)
	if !strings.HasPrefix(r.stdout, "wrote ") {
		t.Errorf("stdout = %q, want how many files were written", r.stdout)
	}

	// Every file is the bytes the server answers at its address.
	h := serveDatabase(t, db, "https://peel.example.org")
	for _, p := range []string{"/", "/forces", "/forces/kent", "/forces/durham", "/peel-assessments/" + seedPath,
		"/peel-assessments/peel-2016/durham/efficiency", "/feed.atom", "/sitemap.xml", "/robots.txt"} {
		file := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "/")))
		if fi, err := os.Stat(file); err == nil && fi.IsDir() || p == "/" {
			file = filepath.Join(file, "index.html")
		}
		got, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != http.StatusOK || rec.Body.String() != string(got) {
			t.Errorf("%s: the exported file (%d bytes) is not what the server answers (%d, %d bytes)", p, len(got), rec.Code, rec.Body.Len())
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "sitemaps", "peel-2016", "1.xml")); err != nil || !strings.Contains(string(b), "https://peel.example.org/peel-assessments/"+seedPath) {
		t.Errorf("the sitemap does not use the base URL (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "static", "peel.css")); err != nil && web.Styled() {
		t.Errorf("the styles are not exported: %v", err)
	}
	// Nothing that is not public.
	if _, err := os.Stat(filepath.Join(dir, "peel-assessments", "peel-2016", "essex")); err == nil {
		t.Error("the draft was exported")
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), "Sample draft sentence") || strings.Contains(string(b), "peel-2016/essex") {
				t.Errorf("%s names the draft's force", p)
			}
		}
		return err
	})

	t.Run("NotEmpty", func(t *testing.T) {
		keep := filepath.Join(dir, "forces", "index.html")
		before := mustRead(t, keep)
		r := run(t, "--database", db, "export-site", dir).want(t, exitRefused)
		if !strings.Contains(r.stderr, dir+" is not empty") {
			t.Errorf("stderr does not say the folder is not empty:\n%s", r.stderr)
		}
		if string(mustRead(t, keep)) != string(before) {
			t.Error("a refused export changed a file")
		}
	})
	t.Run("NoFolder", func(t *testing.T) {
		run(t, "--database", db, "export-site").want(t, exitUsage)
	})
}

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
)

// importedSeed returns a database holding the seed page, imported.
func importedSeed(tb testing.TB) string {
	tb.Helper()
	db := newDatabase(tb)
	run(tb, "--database", db, "import", seedFile(tb, "kent.txt")).want(tb, 0)
	return db
}

func TestExportText(t *testing.T) {
	db := importedSeed(t)
	want := fixture.SeedLines(t, 7, 60) + "\n"
	for _, args := range [][]string{
		{"export", seedPath},
		{"export", "--format", "text", seedPath},
		{"export", "/peel-assessments/" + seedPath},
		{"export", seedPath + "/"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := run(t, append([]string{"--database", db}, args...)...).want(t, 0)
			if r.stdout != want {
				t.Errorf("the text export is not the seed's lines 7–60:\n%s", diffLines(want, r.stdout))
			}
		})
	}

	t.Run("ReimportIsUnchanged", func(t *testing.T) {
		// What export writes, import reads back as the same page.
		r := run(t, "--database", db, "export", seedPath).want(t, 0)
		file := writeFile(t, "exported.txt", []byte(r.stdout))
		r = run(t, "--database", db, "import", file).want(t, 0)
		if want := file + ": unchanged\n"; r.stdout != want {
			t.Errorf("importing the export says %q, want %q", r.stdout, want)
		}
	})
}

func TestExportJSON(t *testing.T) {
	db := importedSeed(t)
	lines := seedLines(t)
	v := exportJSON(t, db, seedPath)

	for key, want := range map[string]any{
		"organisation":     "kent",
		"framework":        "peel-2016",
		"pillar":           "legitimacy",
		"headlineQuestion": lines[10],
		"grade":            "outstanding",
		"lastUpdated":      "2016-12-08",
		"status":           "published",
		"version":          json.Number("1"),
	} {
		if v[key] != want {
			t.Errorf("%s is %#v, want %#v", key, v[key], want)
		}
	}

	summary, ok := v["summary"].([]any)
	if !ok || len(summary) != 6 {
		t.Fatalf("summary is %#v, want 6 paragraphs", v["summary"])
	}
	for i, p := range summary {
		if want := lines[15+2*i]; p != want {
			t.Errorf("summary paragraph %d is %q, want seed line %d", i+1, p, 16+2*i)
		}
	}

	qs, ok := v["questions"].([]any)
	if !ok || len(qs) != 3 {
		t.Fatalf("questions is %#v, want 3", v["questions"])
	}
	for i, grade := range []string{"outstanding", "good", "outstanding"} {
		q := question(t, v, i+1)
		if n, ok := q["number"].(json.Number); !ok || n.String() != []string{"1", "2", "3"}[i] {
			t.Errorf("question %d's number is %#v, want the integer %d", i+1, q["number"], i+1)
		}
		if q["grade"] != grade {
			t.Errorf("question %d's grade is %#v, want %q", i+1, q["grade"], grade)
		}
		if _, ok := q["text"].(string); !ok {
			t.Errorf("question %d has no text: %#v", i+1, q)
		}
	}
	if q := question(t, v, 1); q["text"] != lines[31] {
		t.Errorf("question 1's text is %q, want seed line 32", q["text"])
	}

	// Question 2's body: three paragraphs, then a link with no address.
	body, _ := question(t, v, 2)["body"].([]any)
	if len(body) != 4 {
		t.Fatalf("question 2's body has %d items, want 4: %#v", len(body), body)
	}
	for i, item := range body[:3] {
		m := item.(map[string]any)
		if len(m) != 1 || m["paragraph"] != lines[45+2*i] {
			t.Errorf("question 2's body item %d is %#v, want the paragraph on seed line %d", i+1, m, 46+2*i)
		}
	}
	item := body[3].(map[string]any)
	link, ok := item["link"].(map[string]any)
	if len(item) != 1 || !ok {
		t.Fatalf(`question 2's last body item is %#v, want {"link": …}`, item)
	}
	if link["title"] != lines[51] {
		t.Errorf("the link's title is %#v, want seed line 52", link["title"])
	}
	if href, ok := link["href"]; !ok || href != nil {
		t.Errorf(`the link's href is %#v (present %v), want null`, href, ok)
	}
}

func TestExportRefused(t *testing.T) {
	db := importedSeed(t)
	tests := []struct {
		name string
		path string
		want string
	}{
		{"UnknownPillar", "peel-2016/kent/efficiency", "peel-2016/kent/efficiency"},
		{"UnknownForce", "peel-2016/atlantis/legitimacy", "peel-2016/atlantis/legitimacy"},
		{"UnknownFramework", "peel-2031/kent/legitimacy", "peel-2031/kent/legitimacy"},
	}
	for _, tt := range tests {
		for _, format := range []string{"text", "json"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				r := run(t, "--database", db, "export", "--format", format, tt.path).want(t, 1)
				if r.stdout != "" {
					t.Errorf("stdout %q, want nothing", r.stdout)
				}
				if !strings.HasPrefix(r.stderr, "peel export: ") || !strings.Contains(r.stderr, tt.want) {
					t.Errorf("stderr does not say which assessment is missing:\n%s", r.stderr)
				}
			})
		}
	}
}

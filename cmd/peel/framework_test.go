package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Sample frameworks written for these tests (see the files).
var (
	fivePointFile = filepath.Join("testdata", "peel-2021.yaml")
	jsonFile      = filepath.Join("testdata", "sample-2031.json")
)

// fivePointPage is a page on the sample five-point framework, in the text
// form import reads. Its words are sample text written for this test; it
// is made here, not kept in a file, because it names a real force.
const fivePointPage = `Kent PEEL 2021/22

Sample pillar

How well does the sample force do the sample work?

Last updated 01/03/2022
Adequate

This is a sample summary paragraph, written for a test of a five-point scale.

This second sample paragraph says nothing about any real force.

Questions for Sample pillar

1

How well does the sample force answer sample calls?

Adequate

A sample paragraph for the first question, graded on the middle of the scale.

2

How well does the sample force keep its sample records?

Ungraded

A sample paragraph for a question that has no grade.

Sample related publication – a sample title
`

func TestFrameworkList(t *testing.T) {
	r := run(t, "--database", newDatabase(t), "framework", "list").want(t, 0)
	for _, want := range []string{
		`(?m)^SLUG\s+NAME\s+SCALE\s+PILLARS$`,
		`(?m)^peel-2014\s+PEEL 2014\s+Outstanding, Good, Requires improvement, Inadequate\s+Effectiveness, Efficiency, Legitimacy, Leadership$`,
		`(?m)^peel-2015\s+PEEL 2015\s`,
		`(?m)^peel-2016\s+PEEL 2016\s`,
		`(?m)^peel-2017\s+PEEL 2017\s`,
		`(?m)^peel-2018\s+PEEL 2018/19\s+Outstanding, Good, Requires improvement, Inadequate\s`,
	} {
		if !regexp.MustCompile(want).MatchString(r.stdout) {
			t.Errorf("framework list does not match %s:\n%s", want, r.stdout)
		}
	}
}

func TestFrameworkFivePoint(t *testing.T) {
	db := newDatabase(t)
	page := writeFile(t, "kent-2021.txt", []byte(fivePointPage))

	// Before the framework is there, no framework defines the cycle.
	r := run(t, "--database", db, "import", page).want(t, 1)
	checkRefused(t, r, page, 1, "Kent PEEL 2021/22")

	r = run(t, "--database", db, "framework", "import", fivePointFile).want(t, 0)
	if want := fivePointFile + ": created peel-2021\n"; r.stdout != want {
		t.Errorf("framework import says %q, want %q", r.stdout, want)
	}
	r = run(t, "--database", db, "framework", "list").want(t, 0)
	if !regexp.MustCompile(`(?m)^peel-2021\s+PEEL 2021/22\s+Outstanding, Good, Adequate, Requires improvement, Inadequate\s+Sample pillar$`).MatchString(r.stdout) {
		t.Errorf("framework list does not show PEEL 2021/22 with its five-point scale:\n%s", r.stdout)
	}

	r = run(t, "--database", db, "import", page).want(t, 0)
	if want := page + ": created\n"; r.stdout != want {
		t.Errorf("import says %q, want %q", r.stdout, want)
	}
	if r.stderr != "" {
		// The page words everything as the framework does: nothing to note.
		t.Errorf("import notes:\n%s", r.stderr)
	}

	v := exportJSON(t, db, "peel-2021/kent/sample-pillar")
	for key, want := range map[string]any{
		"organisation": "kent",
		"framework":    "peel-2021",
		"pillar":       "sample-pillar",
		"grade":        "adequate",
		"lastUpdated":  "2022-03-01",
		"status":       "published",
		"version":      json.Number("1"),
	} {
		if v[key] != want {
			t.Errorf("%s is %#v, want %#v", key, v[key], want)
		}
	}
	if g := question(t, v, 1)["grade"]; g != "adequate" {
		t.Errorf("question 1's grade is %#v, want adequate", g)
	}
	if g, ok := question(t, v, 2)["grade"]; !ok || g != nil {
		t.Errorf("question 2's grade is %#v (present %v), want null", g, ok)
	}
	body := question(t, v, 2)["body"].([]any)
	if len(body) != 2 || body[1].(map[string]any)["link"] == nil {
		t.Errorf("question 2's body is %#v, want a paragraph and a link", body)
	}

	// The text export gives the page back.
	r = run(t, "--database", db, "export", "peel-2021/kent/sample-pillar").want(t, 0)
	if r.stdout != fivePointPage {
		t.Errorf("text export:\n%s", diffLines(fivePointPage, r.stdout))
	}
}

func TestFrameworkRoundTrip(t *testing.T) {
	db := newDatabase(t)
	run(t, "--database", db, "framework", "import", fivePointFile).want(t, 0)
	for _, format := range []string{"json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			exported := run(t, "--database", db, "framework", "export", "--format", format, "peel-2021").want(t, 0).stdout
			if format == "json" {
				v := decodeJSON(t, exported)
				if v["slug"] != "peel-2021" || v["cycle"] != "2021/22" || len(v["scale"].([]any)) != 5 {
					t.Errorf("framework export --format json:\n%s", exported)
				}
			}
			file := writeFile(t, "peel-2021."+format, []byte(exported))
			r := run(t, "--database", db, "framework", "import", file).want(t, 0)
			if want := file + ": unchanged peel-2021\n"; r.stdout != want {
				t.Errorf("importing the export says %q, want %q", r.stdout, want)
			}
			again := run(t, "--database", db, "framework", "export", "--format", format, "peel-2021").want(t, 0).stdout
			if again != exported {
				t.Errorf("export, import, export changed the framework:\n%s", diffLines(exported, again))
			}
		})
	}
	t.Run("Reference", func(t *testing.T) {
		// A shipped framework survives the same round trip.
		exported := run(t, "--database", db, "framework", "export", "peel-2018").want(t, 0).stdout
		if !strings.HasPrefix(exported, "slug: peel-2018\n") {
			t.Errorf("framework export peel-2018:\n%s", exported)
		}
		run(t, "--database", db, "framework", "import", writeFile(t, "peel-2018.yaml", []byte(exported))).want(t, 0)
		if again := run(t, "--database", db, "framework", "export", "peel-2018").want(t, 0).stdout; again != exported {
			t.Errorf("export, import, export changed PEEL 2018/19:\n%s", diffLines(exported, again))
		}
	})
}

func TestFrameworkJSON(t *testing.T) {
	db := newDatabase(t)
	r := run(t, "--database", db, "framework", "import", jsonFile).want(t, 0)
	// The slug is made from the programme and the cycle's first year.
	if want := jsonFile + ": created sample-2031\n"; r.stdout != want {
		t.Errorf("framework import says %q, want %q", r.stdout, want)
	}
	r = run(t, "--database", db, "framework", "list").want(t, 0)
	if !regexp.MustCompile(`(?m)^sample-2031\s+SAMPLE 2031/32\s+Strong, Fair, Needs work\s+Sample area$`).MatchString(r.stdout) {
		t.Errorf("framework list does not show the JSON framework:\n%s", r.stdout)
	}
	v := decodeJSON(t, run(t, "--database", db, "framework", "export", "--format", "json", "sample-2031").want(t, 0).stdout)
	var slugs []string
	for _, g := range v["scale"].([]any) {
		slugs = append(slugs, g.(map[string]any)["slug"].(string))
	}
	if got := strings.Join(slugs, " "); got != "strong fair needs-work" {
		t.Errorf("the scale's slugs are %q, want them made from the labels", got)
	}

	// A page on it imports with no change of code.
	page := writeFile(t, "page.txt", []byte(strings.Join([]string{
		"Kent SAMPLE 2031/32",
		"Sample area",
		"Last updated 29/02/2032\nNeeds work",
		"A sample summary, written for a test.",
		"Questions for Sample area",
		"1",
		"Are slugs made from names when a file leaves them out?",
		"Fair",
		"A sample paragraph, written for a test.",
	}, "\n\n")))
	r = run(t, "--database", db, "import", page).want(t, 0)
	if want := page + ": created\n"; r.stdout != want {
		t.Errorf("import says %q, want %q", r.stdout, want)
	}
	a := exportJSON(t, db, "sample-2031/kent/sample-area")
	if a["grade"] != "needs-work" || a["lastUpdated"] != "2032-02-29" || question(t, a, 1)["grade"] != "fair" {
		t.Errorf("grade %v, lastUpdated %v, question 1's grade %v; want needs-work, 2032-02-29, fair",
			a["grade"], a["lastUpdated"], question(t, a, 1)["grade"])
	}
}

func TestFrameworkImportRefused(t *testing.T) {
	tests := []struct {
		name string
		file string
		data string
		line int
		want string
	}{
		{
			name: "UnknownField",
			file: "unknown.yaml",
			data: "slug: sample-2041\nprogramme: SAMPLE\ncycle: \"2041\"\nscale:\n  - label: Good\npillars:\n  - name: Sample pillar\n    colour: red\n",
			line: 8, want: "colour",
		},
		{
			name: "BadYAML",
			file: "broken.yaml",
			data: "slug: sample-2041\nprogramme: SAMPLE\ncycle: [2041\n",
			line: 3,
		},
		{
			name: "BadJSON",
			file: "broken.json",
			data: "{\n  \"slug\": \"sample-2041\",\n  \"programme\": \"SAMPLE\"\n",
			line: 1,
		},
		{
			name: "TypoInJSON",
			file: "typo.json",
			data: "{\n  \"slug\": \"sample-2041\",\n  \"programme\": \"SAMPLE\",\n  \"cycel\": \"2041\"\n}\n",
			line: 4, want: "cycel",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDatabase(t)
			bad := writeFile(t, tt.file, []byte(tt.data))
			r := run(t, "--database", db, "framework", "import", bad, fivePointFile).want(t, 1)
			if want := fivePointFile + ": created peel-2021\n"; r.stdout != want {
				t.Errorf("stdout %q, want only the good file: %q", r.stdout, want)
			}
			m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(bad) + `:(\d+): (.+)$`).FindStringSubmatch(r.stderr)
			if m == nil {
				t.Fatalf("stderr has no line FILE:LINE: … for %s:\n%s", bad, r.stderr)
			}
			if m[1] != strconv.Itoa(tt.line) {
				t.Errorf("the error points at line %s, want %d: %s", m[1], tt.line, m[0])
			}
			if !strings.Contains(m[2], tt.want) {
				t.Errorf("the error does not mention %q: %s", tt.want, m[0])
			}
			if list := run(t, "--database", db, "framework", "list").want(t, 0).stdout; strings.Contains(list, "sample-2041") {
				t.Errorf("a refused framework is listed:\n%s", list)
			}
		})
	}

	t.Run("Invalid", func(t *testing.T) {
		// Well formed, but no scale: refused, naming the file.
		db := newDatabase(t)
		bad := writeFile(t, "noscale.yaml", []byte("slug: sample-2041\nprogramme: SAMPLE\ncycle: \"2041\"\n"))
		r := run(t, "--database", db, "framework", "import", bad).want(t, 1)
		if !strings.HasPrefix(r.stderr, bad+":") || r.stdout != "" {
			t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
		}
	})

	t.Run("ExportUnknown", func(t *testing.T) {
		r := run(t, "--database", newDatabase(t), "framework", "export", "peel-2031").want(t, 1)
		if !strings.Contains(r.stderr, "peel-2031") || r.stdout != "" {
			t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
		}
	})
}

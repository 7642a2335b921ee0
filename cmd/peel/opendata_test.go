package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

const shippedGrades = "../../internal/reference/peel-pillar-grades.tsv"

// download fetches a path from a server and checks it answered 200.
func download(t *testing.T, server, path string) []byte {
	t.Helper()
	res, err := http.Get(server + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d, %v\n%s", path, res.StatusCode, err, body)
	}
	return body
}

// TestOpenDataRoundTrip downloads the grades from one database, imports
// the download with import-grades into a fresh one, and downloads the
// same bytes from it.
func TestOpenDataRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setUp func(t *testing.T, db string)
	}{
		{"ShippedTable", func(t *testing.T, db string) {
			run(t, "--database", db, "import-grades", shippedGrades).want(t, 0)
		}},
		{"PagesAndQuestions", func(t *testing.T, db string) {
			run(t, "--database", db, "import-grades", "--add-only", shippedGrades).want(t, 0)
			run(t, "--database", db, "import", seedFile(t, "kent.txt")).want(t, 0)
			questions := writeFile(t, "questions.csv", []byte("organisation,cycle,pillar,question,question_text,grade\n"+
				"durham,2016,Legitimacy,1,,Good\ndurham,2016,Legitimacy,3,\"Worded, by the page, its own way?\",Not graded\n"))
			if r := run(t, "--database", db, "import-grades", questions).want(t, 0); !strings.Contains(r.stdout, "0 created, 1 updated") {
				t.Errorf("question grades: %s", r.stdout)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := env{"PEEL_BASE_URL": "https://peel.example.org"}
			first := newDatabase(t)
			tt.setUp(t, first)
			e["PEEL_DATABASE"] = first
			server := serveFor(t, e)
			csv := download(t, server, "/data/judgments.csv")
			json := download(t, server, "/data/judgments.json")

			second := newDatabase(t)
			file := writeFile(t, "judgments.csv", csv)
			if r := run(t, "--database", second, "import-grades", file).want(t, 0); !strings.Contains(r.stdout, "0 updated, 0 unchanged, 0 unknown left out") {
				t.Errorf("import of the download: %s", r.stdout)
			}
			e["PEEL_DATABASE"] = second
			again := serveFor(t, e)
			if got := download(t, again, "/data/judgments.csv"); string(got) != string(csv) {
				t.Errorf("the CSV differs after the round trip:\n%s", diffLines(string(csv), string(got)))
			}
			if got := download(t, again, "/data/judgments.json"); string(got) != string(json) {
				t.Errorf("the JSON differs after the round trip:\n%s", diffLines(string(json), string(got)))
			}
			if r := run(t, "--database", second, "import-grades", file).want(t, 0); !strings.Contains(r.stdout, "0 created, 0 updated") {
				t.Errorf("the download imported again changed something: %s", r.stdout)
			}
		})
	}
}

// TestAPIAssessmentIsExport checks the API serves an assessment in the
// bytes peel export --format json writes.
func TestAPIAssessmentIsExport(t *testing.T) {
	db := importedSeed(t)
	want := run(t, "--database", db, "export", "--format", "json", "peel-2016/kent/legitimacy").want(t, 0).stdout
	server := serveFor(t, env{"PEEL_DATABASE": db})
	if got := download(t, server, "/api/v1/assessments/peel-2016/kent/legitimacy"); string(got) != want {
		t.Errorf("the API:\n%s\npeel export:\n%s", got, want)
	}
}

package main

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
)

const seedPath = "peel-2016/kent/legitimacy"

// Where things are on the seed page, by line number (counting from 1).
const (
	seedTitleLine       = 7
	seedPillarLine      = 9
	seedLastUpdatedLine = 13
	seedGradeLine       = 14
	seedHeadingLine     = 28
	seedQ2GradeLine     = 44
	seedQ2FirstLine     = 46 // the first paragraph of question 2's body
	seedQ3TextLine      = 56
	seedQ3GradeLine     = 58
)

// seedVariant returns the seed page with edit applied to its lines
// (lines[N-1] is line N), joined with LF.
func seedVariant(tb testing.TB, edit func(lines []string) []string) []byte {
	tb.Helper()
	return []byte(strings.Join(edit(seedLines(tb)), "\n"))
}

// setLine returns an edit that puts text in place of line n.
func setLine(n int, text string) func([]string) []string {
	return func(lines []string) []string {
		lines[n-1] = text
		return lines
	}
}

func TestSeedLayout(t *testing.T) {
	// The tests below name lines of the seed page; make sure they are the
	// lines meant, so that a changed seed fails here and not in a puzzling way.
	lines := seedLines(t)
	checks := []struct {
		line int
		ok   bool
	}{
		{seedTitleLine, strings.HasPrefix(lines[seedTitleLine-1], "Kent PEEL 2016")},
		{seedPillarLine, lines[seedPillarLine-1] == "Legitimacy"},
		{seedLastUpdatedLine, strings.HasPrefix(lines[seedLastUpdatedLine-1], "Last updated ")},
		{seedGradeLine, lines[seedGradeLine-1] == "Outstanding"},
		{seedHeadingLine, lines[seedHeadingLine-1] == "Questions for Legitimacy"},
		{seedQ2GradeLine, lines[seedQ2GradeLine-1] == "Good"},
		{seedQ2FirstLine, len(lines[seedQ2FirstLine-1]) > 120},
		{seedQ3TextLine - 2, lines[seedQ3TextLine-3] == "3"},
		{seedQ3TextLine, strings.HasSuffix(lines[seedQ3TextLine-1], "?")},
		{seedQ3GradeLine, lines[seedQ3GradeLine-1] == "Outstanding"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("seed line %d is not what the tests expect: %q", c.line, lines[c.line-1])
		}
	}
}

func TestImport(t *testing.T) {
	t.Run("CreatedThenUnchanged", func(t *testing.T) {
		db := newDatabase(t)
		seed := seedFile(t, "kent.txt")
		r := run(t, "--database", db, "import", seed).want(t, 0)
		if want := seed + ": created\n"; r.stdout != want {
			t.Errorf("first import says %q, want %q", r.stdout, want)
		}
		r = run(t, "--database", db, "import", seed).want(t, 0)
		if want := seed + ": unchanged\n"; r.stdout != want {
			t.Errorf("second import says %q, want %q", r.stdout, want)
		}
		if v := exportJSON(t, db, seedPath); v["version"] != json.Number("1") || v["status"] != "published" {
			t.Errorf("after importing the same page twice: version %v, status %v; want 1, published", v["version"], v["status"])
		}
	})

	t.Run("SiteNoticeReported", func(t *testing.T) {
		// The seed has a site notice above the title: it is reported, not
		// stored with the page.
		db := newDatabase(t)
		seed := seedFile(t, "kent.txt")
		r := run(t, "--database", db, "import", seed).want(t, 0)
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(seed) + `:3: .*notice`).MatchString(r.stderr) {
			t.Errorf("the site notice on line 3 is not reported:\n%s", r.stderr)
		}
		text := run(t, "--database", db, "export", seedPath).want(t, 0).stdout
		if notice := seedLines(t)[2]; strings.Contains(text, notice) {
			t.Errorf("the site notice %q is stored with the page", notice)
		}
	})

	t.Run("Updated", func(t *testing.T) {
		db := newDatabase(t)
		seed := seedFile(t, "kent.txt")
		run(t, "--database", db, "import", seed).want(t, 0)

		// Change one word of question 2's first paragraph.
		var edited string
		changed := writeFile(t, "kent.txt", seedVariant(t, func(lines []string) []string {
			words := strings.Fields(lines[seedQ2FirstLine-1])
			words[len(words)/2] = "sample"
			edited = strings.Join(words, " ")
			lines[seedQ2FirstLine-1] = edited
			return lines
		}))
		// A change to a published page is a major correction: refused
		// without its change note, which then shows in the page history.
		r := run(t, "--database", db, "import", changed).want(t, 1)
		if !strings.Contains(r.stderr, "needs a change note") || !strings.Contains(r.stderr, "--note") {
			t.Errorf("importing a changed published page without --note says %q, want it to ask for a change note", r.stderr)
		}
		r = run(t, "--database", db, "import", "--note", "Corrected a word in question 2.", changed).want(t, 0)
		if want := changed + ": updated (version 2)\n"; r.stdout != want {
			t.Errorf("importing a changed page says %q, want %q", r.stdout, want)
		}
		r = run(t, "--database", db, "import", changed).want(t, 0)
		if want := changed + ": unchanged\n"; r.stdout != want {
			t.Errorf("importing the changed page again says %q, want %q", r.stdout, want)
		}
		v := exportJSON(t, db, seedPath)
		if v["version"] != json.Number("2") {
			t.Errorf("version %v, want 2", v["version"])
		}
		body := question(t, v, 2)["body"].([]any)
		if got := body[0].(map[string]any)["paragraph"]; got != edited {
			t.Errorf("question 2's first paragraph is\n%q\nwant\n%q", got, edited)
		}
		// Back to the original page: another version.
		r = run(t, "--database", db, "import", "--note", "Restored the original wording.", seed).want(t, 0)
		if want := seed + ": updated (version 3)\n"; r.stdout != want {
			t.Errorf("importing the original page again says %q, want %q", r.stdout, want)
		}
		st := openDatabase(t, db)
		versions, err := st.FindVersions(context.Background(), "peel-2016", "kent", "legitimacy")
		if err != nil {
			t.Fatal(err)
		}
		var notes []string
		for _, v := range versions {
			notes = append(notes, v.Note)
		}
		if want := []string{"Restored the original wording.", "Corrected a word in question 2.", ""}; !slices.Equal(notes, want) {
			t.Errorf("the page history's change notes are %q, want %q", notes, want)
		}
	})

	t.Run("Scheduled", func(t *testing.T) {
		// A page scheduled for later stays embargoed, whatever an import
		// of it says: it is not published at once.
		db := newDatabase(t)
		run(t, "--database", db, "import", "--draft", seedFile(t, "kent.txt")).want(t, 0)
		run(t, "--database", db, "publish", "--at", "2999-01-01T09:30:00Z", seedPath).want(t, 0)
		changed := writeFile(t, "kent.txt", seedVariant(t, func(lines []string) []string {
			lines[seedQ2FirstLine-1] = "A sentence only the scheduled page has."
			return lines
		}))
		run(t, "--database", db, "import", changed).want(t, 0)
		v := exportJSON(t, db, seedPath)
		if v["status"] != "scheduled" || v["publishAt"] != "2999-01-01T09:30:00Z" {
			t.Errorf("after the import the page is %v, to publish at %v; want scheduled at 2999-01-01T09:30:00Z", v["status"], v["publishAt"])
		}
		st := openDatabase(t, db)
		if _, err := st.FindVersions(context.Background(), "peel-2016", "kent", "legitimacy"); err == nil {
			t.Error("the scheduled page has a public history")
		}
	})

	t.Run("SamePageWrittenDifferently", func(t *testing.T) {
		// Line ends, trailing spaces and a final newline are not part of a
		// page: each of these is the page already imported.
		variants := []struct {
			name string
			data func([]string) string
		}{
			{"CRLF", func(lines []string) string { return strings.Join(lines, "\r\n") }},
			{"CRLFFinalNewline", func(lines []string) string { return strings.Join(lines, "\r\n") + "\r\n" }},
			{"FinalNewline", func(lines []string) string { return strings.Join(lines, "\n") + "\n" }},
			{"TrailingSpaces", func(lines []string) string { return strings.Join(lines, "  \n") }},
		}
		db := newDatabase(t)
		run(t, "--database", db, "import", seedFile(t, "kent.txt")).want(t, 0)
		for _, v := range variants {
			t.Run(v.name, func(t *testing.T) {
				file := writeFile(t, "kent.txt", []byte(v.data(seedLines(t))))
				r := run(t, "--database", db, "import", file).want(t, 0)
				if want := file + ": unchanged\n"; r.stdout != want {
					t.Errorf("import says %q, want %q", r.stdout, want)
				}
			})
		}
	})

	t.Run("CRLFFirst", func(t *testing.T) {
		// A CRLF page imported first exports exactly as the LF one does.
		db := newDatabase(t)
		file := writeFile(t, "kent.txt", []byte(strings.Join(seedLines(t), "\r\n")))
		run(t, "--database", db, "import", file).want(t, 0)
		text := run(t, "--database", db, "export", seedPath).want(t, 0).stdout
		if want := fixture.SeedLines(t, 7, 60) + "\n"; text != want {
			t.Errorf("text export of a CRLF import is not seed lines 7–60:\n%s", diffLines(want, text))
		}
	})

	t.Run("Draft", func(t *testing.T) {
		db := newDatabase(t)
		seed := seedFile(t, "kent.txt")
		r := run(t, "--database", db, "import", "--draft", seed).want(t, 0)
		if want := seed + ": created\n"; r.stdout != want {
			t.Errorf("import --draft says %q, want %q", r.stdout, want)
		}
		v := exportJSON(t, db, seedPath)
		if v["status"] != "draft" || v["publishedAt"] != nil {
			t.Errorf("after import --draft: status %v, publishedAt %v; want draft, null", v["status"], v["publishedAt"])
		}
		run(t, "--database", db, "import", "--draft", seed).want(t, 0)

		// Publishing is importing it without --draft.
		r = run(t, "--database", db, "import", seed).want(t, 0)
		if want := seed + ": updated (version 2)\n"; r.stdout != want {
			t.Errorf("import after the draft says %q, want %q", r.stdout, want)
		}
		v = exportJSON(t, db, seedPath)
		if v["status"] != "published" || v["publishedAt"] != "2016-12-08T00:00:00Z" {
			t.Errorf("after import: status %v, publishedAt %v; want published on its Last updated date", v["status"], v["publishedAt"])
		}
	})

	t.Run("DraftDoesNotUnpublish", func(t *testing.T) {
		db := newDatabase(t)
		seed := seedFile(t, "kent.txt")
		run(t, "--database", db, "import", seed).want(t, 0)
		r := run(t, "--database", db, "import", "--draft", seed).want(t, 1)
		if r.stdout != "" {
			t.Errorf("a refused import is listed on stdout: %q", r.stdout)
		}
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(seed) + `:\d+: .+`).MatchString(r.stderr) {
			t.Errorf("stderr does not name the file and line:\n%s", r.stderr)
		}
		if v := exportJSON(t, db, seedPath); v["status"] != "published" || v["version"] != json.Number("1") {
			t.Errorf("after a refused draft import: status %v, version %v; want published, 1", v["status"], v["version"])
		}
	})

	t.Run("MissingFile", func(t *testing.T) {
		db := newDatabase(t)
		seed := seedFile(t, "kent.txt")
		missing := seed + ".missing"
		r := run(t, "--database", db, "import", missing, seed).want(t, 1)
		if want := seed + ": created\n"; r.stdout != want {
			t.Errorf("stdout %q, want %q", r.stdout, want)
		}
		if !strings.Contains(r.stderr, missing) {
			t.Errorf("stderr does not name the missing file:\n%s", r.stderr)
		}
	})
}

// TestImportRefused imports each kind of bad input, made from the seed page,
// alone and then together with a good page.
func TestImportRefused(t *testing.T) {
	lines := seedLines(t)
	goSource := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"sample\")\n}\n"
	prose := "This is sample prose, not a report page.\nIt has two lines and no title.\n"
	tests := []struct {
		name string
		data []byte
		line int    // where the error points
		text string // the offending text, quoted in the error; "" for any
	}{
		{
			name: "GradeNotOnScale",
			data: seedVariant(t, setLine(seedQ2GradeLine, "Excellent")),
			line: seedQ2GradeLine, text: "Excellent",
		},
		{
			// Adequate is on five-point scales, not on PEEL 2016's.
			name: "PillarGradeFromAnotherScale",
			data: seedVariant(t, setLine(seedGradeLine, "Adequate")),
			line: seedGradeLine, text: "Adequate",
		},
		{
			name: "UnknownForce",
			data: seedVariant(t, setLine(seedTitleLine, strings.Replace(lines[seedTitleLine-1], "Kent", "Atlantis", 1))),
			line: seedTitleLine, text: "Atlantis PEEL 2016",
		},
		{
			name: "ImpossibleDate",
			data: seedVariant(t, setLine(seedLastUpdatedLine, "Last updated 31/02/2016")),
			line: seedLastUpdatedLine, text: "Last updated 31/02/2016",
		},
		{
			name: "NotADate",
			data: seedVariant(t, setLine(seedLastUpdatedLine, "Last updated yesterday")),
			line: seedLastUpdatedLine, text: "Last updated yesterday",
		},
		{
			// The file ends right after question 3's text: no grade.
			name: "TruncatedAfterQuestion",
			data: seedVariant(t, func(lines []string) []string { return lines[:seedQ3TextLine] }),
			line: seedQ3TextLine,
		},
		{
			// Question 2's grade line is lost: its first paragraph is where
			// the grade should be.
			name: "QuestionWithoutGrade",
			data: seedVariant(t, setLine(seedQ2GradeLine, "")),
			line: seedQ2FirstLine, text: lines[seedQ2FirstLine-1][:40],
		},
		{
			name: "NoQuestions",
			data: seedVariant(t, func(lines []string) []string { return lines[:seedHeadingLine-1] }),
			line: seedHeadingLine - 2,
		},
		{
			name: "GoSource",
			data: []byte(goSource),
			line: 1, text: "package main",
		},
		{
			name: "Prose",
			data: []byte(prose),
			line: 1, text: "This is sample prose, not a report page.",
		},
		{
			name: "CycleNoFrameworkDefines",
			data: seedVariant(t, setLine(seedTitleLine, "Kent PEEL 2031")),
			line: seedTitleLine, text: "Kent PEEL 2031",
		},
		{
			// A new pillar, which the import would add to PEEL 2016, with a
			// bad grade further down: the framework is not extended.
			name: "NewPillarBadGrade",
			data: seedVariant(t, func(lines []string) []string {
				lines[seedPillarLine-1] = "Sample pillar"
				lines[seedHeadingLine-1] = "Questions for Sample pillar"
				lines[seedQ3GradeLine-1] = "Excellent"
				return lines
			}),
			line: seedQ3GradeLine, text: "Excellent",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDatabase(t)
			bad := writeFile(t, "bad.txt", tt.data)
			frameworkBefore := run(t, "--database", db, "framework", "export", "peel-2016").want(t, 0).stdout

			r := run(t, "--database", db, "import", bad).want(t, 1)
			checkRefused(t, r, bad, tt.line, tt.text)
			if r.stdout != "" {
				t.Errorf("a refused file is listed on stdout: %q", r.stdout)
			}
			r = run(t, "--database", db, "export", seedPath).want(t, 1)
			if !strings.Contains(r.stderr, "no assessment") {
				t.Errorf("after a refused import, export says:\n%s", r.stderr)
			}

			// With a good page in the same run: the good one is imported
			// and listed, the bad one refused. That the seed is created,
			// not updated, shows that the bad file stored nothing.
			good := seedFile(t, "good.txt")
			r = run(t, "--database", db, "import", bad, good).want(t, 1)
			if want := good + ": created\n"; r.stdout != want {
				t.Errorf("stdout %q, want %q", r.stdout, want)
			}
			checkRefused(t, r, bad, tt.line, tt.text)
			r = run(t, "--database", db, "import", good, bad).want(t, 1)
			if want := good + ": unchanged\n"; r.stdout != want {
				t.Errorf("with the bad file last, stdout %q, want %q", r.stdout, want)
			}
			text := run(t, "--database", db, "export", seedPath).want(t, 0).stdout
			if want := fixture.SeedLines(t, 7, 60) + "\n"; text != want {
				t.Errorf("the stored page is not the good one:\n%s", diffLines(want, text))
			}
			if after := run(t, "--database", db, "framework", "export", "peel-2016").want(t, 0).stdout; after != frameworkBefore {
				t.Errorf("a refused import changed PEEL 2016:\n%s", diffLines(frameworkBefore, after))
			}
		})
	}
}

// checkRefused checks that stderr has the error for file in the form
// FILE:LINE: what is wrong: "the offending text".
func checkRefused(tb testing.TB, r result, file string, line int, text string) {
	tb.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(file) + `:(\d+): (.+)$`)
	m := re.FindAllStringSubmatch(r.stderr, -1)
	if len(m) != 1 {
		tb.Fatalf("want one line FILE:LINE: … for %s on stderr, got %d:\n%s", file, len(m), r.stderr)
	}
	if got, _ := strconv.Atoi(m[0][1]); got != line {
		tb.Errorf("the error points at line %d, want %d:\n%s", got, line, m[0][0])
	}
	msg := m[0][2]
	quoted := regexp.MustCompile(`^(.+): ("(?:[^"\\]|\\.)*")$`).FindStringSubmatch(msg)
	if quoted == nil {
		tb.Errorf(`the error does not end with the offending text quoted (FILE:LINE: what is wrong: "the text"):`+"\n%s", m[0][0])
		return
	}
	got, err := strconv.Unquote(quoted[2])
	if err != nil {
		tb.Errorf("the quoted text %s does not unquote: %v", quoted[2], err)
	}
	if text != "" && !strings.HasPrefix(got, text) {
		tb.Errorf("the error quotes %q, want %q:\n%s", got, text, m[0][0])
	}
}

// question returns question n (from 1) of an assessment's JSON export.
func question(tb testing.TB, v map[string]any, n int) map[string]any {
	tb.Helper()
	qs, ok := v["questions"].([]any)
	if !ok || len(qs) < n {
		tb.Fatalf("the export has no question %d: %v", n, v["questions"])
	}
	return qs[n-1].(map[string]any)
}

// diffLines shows the first line where got differs from want.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + strconv.Quote(gl) + "\nwant: " + strconv.Quote(wl)
		}
	}
	return "(no difference)"
}

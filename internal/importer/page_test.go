package importer_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/peel-oss/peel/internal/fixture"
	"github.com/peel-oss/peel/internal/importer"
	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/reference"
)

// catalogue is the reference data, as a page is matched against it.
func catalogue(tb testing.TB) importer.Catalogue {
	tb.Helper()
	fws, err := reference.Frameworks()
	if err != nil {
		tb.Fatal(err)
	}
	orgs, err := reference.Forces()
	if err != nil {
		tb.Fatal(err)
	}
	return importer.Catalogue{Frameworks: fws, Organisations: orgs}
}

// read parses and resolves a page against the reference data.
func read(tb testing.TB, data string) (*peel.Assessment, *peel.Pillar, []*importer.Warning, error) {
	tb.Helper()
	page, err := importer.ParsePage("page.txt", []byte(data))
	if err != nil {
		return nil, nil, nil, err
	}
	return page.Resolve("page.txt", catalogue(tb), peel.StatusPublished)
}

// lineOf returns the number of the first line of text that is exactly s.
func lineOf(tb testing.TB, text, s string) int {
	tb.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimRight(l, "\r ") == s {
			return i + 1
		}
	}
	tb.Fatalf("no line %q", s)
	return 0
}

// replaceLine replaces the first line that is exactly old.
func replaceLine(tb testing.TB, text, old, new string) string {
	tb.Helper()
	lines := strings.Split(text, "\n")
	lines[lineOf(tb, text, old)-1] = new
	return strings.Join(lines, "\n")
}

// cutAfter keeps the text up to and including the first line that is s.
func cutAfter(tb testing.TB, text, s string) string {
	tb.Helper()
	lines := strings.Split(text, "\n")
	return strings.Join(lines[:lineOf(tb, text, s)], "\n") + "\n"
}

func TestParsePage(t *testing.T) {
	t.Run("Seed", func(t *testing.T) {
		seed := fixture.Seed(t)
		p, err := importer.ParsePage("seed.txt", seed)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Chrome || len(p.Notice) != 2 || p.Notice[0].Line != 3 {
			t.Errorf("chrome %v, notice %+v: want the chrome line and a two-line notice from line 3", p.Chrome, p.Notice)
		}
		if p.Title.Text != "Kent PEEL 2016" || p.Title.Line != 7 || p.Pillar.Text != "Legitimacy" {
			t.Errorf("title %+v, pillar %+v", p.Title, p.Pillar)
		}
		if p.Date.String() != "2016-12-08" || p.Grade.Text != "Outstanding" || p.Grade.Line != lineOf(t, string(seed), "Outstanding") {
			t.Errorf("date %s, grade %+v", p.Date, p.Grade)
		}
		if len(p.Summary) != 6 || len(p.Questions) != 3 {
			t.Fatalf("%d summary paragraphs and %d questions, want 6 and 3", len(p.Summary), len(p.Questions))
		}
		q2 := p.Questions[1]
		if q2.Number.Text != "2" || q2.Grade.Text != "Good" || len(q2.Body) != 4 {
			t.Errorf("question 2: %+v", q2)
		}
	})
}

func TestResolve(t *testing.T) {
	t.Run("Seed", func(t *testing.T) {
		a, pillar, notes, err := read(t, string(fixture.Seed(t)))
		if err != nil {
			t.Fatal(err)
		}
		if a.Organisation != "kent" || a.Framework != "peel-2016" || a.Pillar != "legitimacy" || a.Grade != "outstanding" {
			t.Errorf("assessment %s grade %q", a.Path(), a.Grade)
		}
		if a.PublishedAt == nil || !a.PublishedAt.Equal(a.LastUpdated.Time) {
			t.Errorf("published at %v, want the last-updated date %s", a.PublishedAt, a.LastUpdated)
		}
		var grades []string
		for _, j := range a.Judgments {
			grades = append(grades, j.Grade)
		}
		if got := strings.Join(grades, " "); got != "outstanding good outstanding" {
			t.Errorf("question grades %q", got)
		}
		body := a.Judgments[1].Body
		link := body[len(body)-1].Link
		if link == nil || !strings.HasPrefix(link.Title, "Abuse of position assessment") || link.Href != "" {
			t.Errorf("question 2 should end with a link without an address, got %+v", body[len(body)-1])
		}
		for i, b := range body[:len(body)-1] {
			if b.Link != nil {
				t.Errorf("question 2 item %d is a link; want a paragraph", i+1)
			}
		}
		if len(pillar.Questions) != 3 || pillar.Slug != "legitimacy" {
			t.Errorf("pillar %+v", pillar)
		}
		if len(notes) != 1 || !strings.Contains(notes[0].Problem, "site notice") || notes[0].Line != 3 {
			t.Errorf("notes %v: want one about the site notice on line 3", notes)
		}
	})

	// Pages the seed does not show: they must import with no change of code.
	for _, tt := range []struct {
		name  string
		page  func(seed string) string
		check func(t *testing.T, a *peel.Assessment, pillar *peel.Pillar, notes []*importer.Warning)
	}{
		{"CRLF", func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }, sameAsSeed},
		{"TrailingSpacesAndFinalNewline", func(s string) string { return strings.ReplaceAll(s, "\n", "  \t\n") + "\n\n" }, sameAsSeed},
		{"NoChromeNoNotice", func(s string) string { return s[strings.Index(s, "Kent PEEL 2016"):] }, sameAsSeed},
		{"NonBreakingSpaces", func(s string) string {
			s = strings.Replace(s, "Kent PEEL 2016", "Kent\u00a0PEEL\u00a02016", 1)
			s = strings.Replace(s, "Last updated 08/12/2016", "Last\u00a0updated 08/12/2016", 1)
			return strings.Replace(s, "Kent Police has been", "Kent\u00a0Police has been", 1)
		}, func(t *testing.T, a *peel.Assessment, _ *peel.Pillar, _ []*importer.Warning) {
			if a.Organisation != "kent" || !strings.HasPrefix(a.Summary[0], "Kent\u00a0Police has been") {
				t.Errorf("the non-breaking space is kept in text and ignored in structure: %q", a.Summary[0][:20])
			}
		}},
		{"Ungraded", func(s string) string {
			s = replaceLine(t, s, "Outstanding", "Ungraded")
			return replaceLine(t, s, "Good", "Ungraded")
		}, func(t *testing.T, a *peel.Assessment, _ *peel.Pillar, _ []*importer.Warning) {
			if a.Grade != "" || a.Judgments[0].Grade != "outstanding" || a.Judgments[1].Grade != "" || a.Judgments[2].Grade != "outstanding" {
				t.Errorf("grades %q %q %q %q", a.Grade, a.Judgments[0].Grade, a.Judgments[1].Grade, a.Judgments[2].Grade)
			}
		}},
		{"OtherCycleAndForce", func(s string) string {
			return strings.Replace(s, "Kent PEEL 2016", "Avon and Somerset PEEL 2018/19", 1)
		}, func(t *testing.T, a *peel.Assessment, _ *peel.Pillar, _ []*importer.Warning) {
			if a.Path() != "/peel-assessments/peel-2018/avon-and-somerset/legitimacy" {
				t.Errorf("path %s", a.Path())
			}
		}},
		{"QuestionWordedDifferently", func(s string) string {
			return replaceLine(t, s, "How well does the force ensure that its workforce behaves ethically and lawfully?", "How well does the force make sure its workforce behaves ethically and lawfully?")
		}, func(t *testing.T, a *peel.Assessment, _ *peel.Pillar, notes []*importer.Warning) {
			if a.Judgments[1].Question != "How well does the force make sure its workforce behaves ethically and lawfully?" {
				t.Errorf("the page's wording is kept: %q", a.Judgments[1].Question)
			}
			if len(notes) != 2 || !strings.Contains(notes[1].Problem, "question 2 differs") {
				t.Errorf("notes %v: want a note that question 2 differs", notes)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, pillar, notes, err := read(t, tt.page(string(fixture.Seed(t))))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, a, pillar, notes)
		})
	}

	t.Run("OtherPillar", func(t *testing.T) {
		page := samplePage("Durham PEEL 2016", "Effectiveness", []string{"Good", "Requires improvement", "Good", "Inadequate", "Good", "Ungraded"})
		a, pillar, notes, err := read(t, page)
		if err != nil {
			t.Fatal(err)
		}
		if a.Path() != "/peel-assessments/peel-2016/durham/effectiveness" || a.Grade != "good" || len(a.Judgments) != 5 {
			t.Fatalf("%s grade %q, %d questions", a.Path(), a.Grade, len(a.Judgments))
		}
		if a.Judgments[2].Grade != "inadequate" || a.Judgments[4].Grade != "" {
			t.Errorf("question 3 %q, question 5 %q", a.Judgments[2].Grade, a.Judgments[4].Grade)
		}
		added := 0
		for _, n := range notes {
			if strings.Contains(n.Problem, "Effectiveness had no question") {
				added++
			}
		}
		if len(pillar.Questions) != 5 || added != 5 {
			t.Errorf("the framework defines no effectiveness questions: the page adds 5 (notes %v)", notes)
		}
	})
}

// sameAsSeed checks a variant of the seed reads as the seed does.
func sameAsSeed(t *testing.T, a *peel.Assessment, _ *peel.Pillar, _ []*importer.Warning) {
	t.Helper()
	want, _, _, err := read(t, string(fixture.Seed(t)))
	if err != nil {
		t.Fatal(err)
	}
	if !a.SameContent(want) {
		t.Errorf("the variant reads differently from the seed")
	}
}

// samplePage writes a page in the text form with sample words of its own:
// grades[0] is the pillar's, the rest one per question.
func samplePage(title, pillar string, grades []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s\n\nHow sample is this sample pillar?\n\nLast updated 01/03/2017\n%s\n\n", title, pillar, grades[0])
	b.WriteString("This is sample summary text, written for tests.\n\nA second sample paragraph.\n\n")
	fmt.Fprintf(&b, "Questions for %s\n", pillar)
	for i, g := range grades[1:] {
		fmt.Fprintf(&b, "\n%d\n\nHow well does the sample force do sample thing %d?\n\n%s\n\nSample narrative for question %d.\n\nSample related publication %d\n", i+1, i+1, g, i+1, i+1)
	}
	return b.String()
}

func TestResolveErrors(t *testing.T) {
	q3 := "To what extent does the force treat its workforce with fairness and respect?"
	for _, tt := range []struct {
		name    string
		page    func(t *testing.T, seed string) string
		line    func(t *testing.T, seed string) int
		problem string
		text    string
	}{
		{"ErrGradeOffScale",
			func(t *testing.T, s string) string { return replaceLine(t, s, "Good", "Excellent") },
			func(t *testing.T, s string) int { return lineOf(t, s, "Good") },
			"grade of question 2 is not on the PEEL 2016 scale", "Excellent"},
		{"ErrPillarGradeOffScale",
			func(t *testing.T, s string) string { return replaceLine(t, s, "Outstanding", "Adequate") },
			func(t *testing.T, s string) int { return lineOf(t, s, "Outstanding") },
			"grade of the pillar is not on the PEEL 2016 scale", "Adequate"},
		{"ErrUnknownForce",
			func(t *testing.T, s string) string { return replaceLine(t, s, "Kent PEEL 2016", "Kentshire PEEL 2016") },
			func(*testing.T, string) int { return 7 },
			`unknown force "Kentshire"`, "Kentshire PEEL 2016"},
		{"ErrUnknownCycle",
			func(t *testing.T, s string) string { return replaceLine(t, s, "Kent PEEL 2016", "Kent PEEL 2031") },
			func(*testing.T, string) int { return 7 },
			"no framework defines PEEL 2031", "Kent PEEL 2031"},
		{"ErrImpossibleDate",
			func(t *testing.T, s string) string {
				return replaceLine(t, s, "Last updated 08/12/2016", "Last updated 31/02/2016")
			},
			func(t *testing.T, s string) int { return lineOf(t, s, "Last updated 08/12/2016") },
			"impossible date", "Last updated 31/02/2016"},
		{"ErrMalformedDate",
			func(t *testing.T, s string) string {
				return replaceLine(t, s, "Last updated 08/12/2016", "Last updated 8 December 2016")
			},
			func(t *testing.T, s string) int { return lineOf(t, s, "Last updated 08/12/2016") },
			`expected "Last updated dd/mm/yyyy"`, "Last updated 8 December 2016"},
		{"ErrTruncatedAfterQuestion",
			func(t *testing.T, s string) string { return cutAfter(t, s, q3) },
			func(t *testing.T, s string) int { return lineOf(t, s, q3) },
			"truncated page: the file ends where the grade of question 3 should be", q3},
		{"ErrQuestionWithoutGrade",
			func(t *testing.T, s string) string { return replaceLine(t, s, "Good", "") },
			func(t *testing.T, s string) int { return lineOf(t, s, "Good") + 2 },
			"question 2 has no grade", ""},
		{"ErrNoQuestions",
			func(t *testing.T, s string) string {
				return s[:strings.Index(s, "Questions for Legitimacy")]
			},
			func(t *testing.T, s string) int { return lineOf(t, s, "Questions for Legitimacy") - 2 },
			`truncated page: no "Questions for Legitimacy" section`, ""},
		{"ErrQuestionOutOfOrder",
			func(t *testing.T, s string) string { return replaceLine(t, s, "2", "4") },
			func(t *testing.T, s string) int { return lineOf(t, s, "2") },
			"expected question 2", "4"},
		{"ErrNotAPage",
			func(*testing.T, string) string {
				return "package main\n\nfunc main() {\n\tprintln(\"sample\")\n}\n"
			},
			func(*testing.T, string) int { return 1 },
			"not a report page", "package main"},
		{"ErrEmpty",
			func(*testing.T, string) string { return "\r\n  \n" },
			func(*testing.T, string) int { return 1 },
			"not a report page: the file is empty", ""},
		{"ErrBinary",
			func(*testing.T, string) string { return "\x89PNG\r\n\x1a\n\x00\x00" },
			func(*testing.T, string) int { return 1 },
			"not a report page: the file is not UTF-8 text", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			seed := string(fixture.Seed(t))
			_, _, _, err := read(t, tt.page(t, seed))
			var le *importer.LineError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a LineError", err)
			}
			if le.File != "page.txt" || le.Line != tt.line(t, seed) || !strings.Contains(le.Problem, tt.problem) {
				t.Errorf("got %q\nwant line %d and a problem containing %q", err, tt.line(t, seed), tt.problem)
			}
			if tt.text != "" && le.Text != tt.text {
				t.Errorf("offending text %q, want %q", le.Text, tt.text)
			}
			if want := fmt.Sprintf("page.txt:%d: ", le.Line); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("message %q does not start with %q", err, want)
			}
		})
	}
}

func TestIsLink(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		{"Abuse of position assessment – Sample Police", true},
		{"A sample sentence.", false},
		{"Is this a question?", false},
		{"Wow!", false},
		{"As follows:", false},
		{"First part;", false},
		{"A quoted ‘word’", false},
		{"He said “sample”", false},
		{`He said "sample"`, false},
		{"(a sample aside)", false},
		{strings.Repeat("x", 120), true},
		{strings.Repeat("x", 121), false},
		{strings.Repeat("é", 120), true},
	} {
		if got := importer.IsLink(tt.line); got != tt.want {
			t.Errorf("IsLink(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

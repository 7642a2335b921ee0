// Package importer reads and writes peel's file formats: report pages in
// their published text form, and framework definitions in JSON or YAML.
package importer

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/peel-oss/peel/internal/peel"
)

// LineError is bad input, placed: FILE:LINE: what is wrong: "the text".
type LineError struct {
	File    string
	Line    int
	Problem string
	Text    string // the offending text; may be empty
}

func (e *LineError) Error() string {
	s := fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Problem)
	if e.Text != "" {
		s += fmt.Sprintf(": %q", clip(e.Text))
	}
	return s
}

// Warning is something an import did or noticed that the operator should
// know, though nothing was refused.
type Warning = LineError

// field is one line of a page, trimmed, with its line number.
type field struct {
	Line int
	Text string
}

// Page is a report page as read from its text form, before it is matched to
// a framework and an organisation.
type Page struct {
	Chrome      bool    // a "Skip to content" line from the site was there
	Notice      []field // a site notice (title, then body) found above the title
	Title       field   // "Kent PEEL 2016"
	Pillar      field   // "Legitimacy"
	Headline    field   // the pillar's headline question; Text may be empty
	LastUpdated field   // "Last updated 08/12/2016"
	Date        peel.Date
	Grade       field // the line after "Last updated"
	Summary     []field
	Heading     field // "Questions for Legitimacy"
	Questions   []PageQuestion
}

// PageQuestion is one numbered question of a page.
type PageQuestion struct {
	Number field
	Text   field
	Grade  field
	Body   []field
}

var (
	titleRE       = regexp.MustCompile(`^(.+?) (\p{Lu}[\p{L}]*) (\d{4}(?:/\d{2,4})?)$`)
	lastUpdatedRE = regexp.MustCompile(`^(?i:last updated) (\d{1,2})/(\d{1,2})/(\d{4})$`)
	numberRE      = regexp.MustCompile(`^\d{1,3}$`)
)

// maxPreamble is how many lines of site chrome and notice may come before
// the title of something that is still a report page.
const maxPreamble = 12

// ParsePage reads a page in its text form. Line ends (LF or CRLF), blank
// lines and spaces at either end of a line are not part of the text; every
// other character is kept as written.
func ParsePage(name string, data []byte) (*Page, error) {
	fail := func(line int, problem, text string) error {
		return &LineError{File: name, Line: line, Problem: problem, Text: text}
	}
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil, fail(1, "not a report page: the file is not UTF-8 text", "")
	}
	lines := pageLines(data)
	if len(lines) == 0 {
		return nil, fail(1, "not a report page: the file is empty", "")
	}
	p := &Page{}
	last := lines[len(lines)-1] // where a page cut short ends
	i := 0
	if f := peel.Fold(lines[0].Text); f == "skip to content" || f == "skip to main content" {
		p.Chrome, i = true, 1
	}
	title := -1
	for j := i; j < len(lines) && j <= i+maxPreamble; j++ {
		if titleRE.MatchString(spaced(lines[j].Text)) {
			title = j
			break
		}
	}
	if title < 0 {
		return nil, fail(lines[i].Line, `not a report page: no title such as "Kent PEEL 2016" at the top`, lines[i].Text)
	}
	p.Notice, p.Title = lines[i:title], lines[title]
	rest := lines[title+1:]
	next := func(what string) (field, error) {
		if len(rest) == 0 {
			return field{}, fail(last.Line, "truncated page: the file ends where "+what+" should be", last.Text)
		}
		f := rest[0]
		rest = rest[1:]
		return f, nil
	}
	var err error
	if p.Pillar, err = next("the pillar"); err != nil {
		return nil, err
	}
	if len(rest) > 0 && !strings.HasPrefix(peel.Fold(rest[0].Text), "last updated") {
		p.Headline, _ = next("")
	}
	if p.LastUpdated, err = next(`"Last updated dd/mm/yyyy"`); err != nil {
		return nil, err
	}
	if p.Date, err = parseLastUpdated(p.LastUpdated, fail); err != nil {
		return nil, err
	}
	if p.Grade, err = next("the pillar's grade"); err != nil {
		return nil, err
	}
	heading := "questions for " + peel.Fold(p.Pillar.Text)
	for len(rest) > 0 && peel.Fold(rest[0].Text) != heading {
		if f := peel.Fold(rest[0].Text); strings.HasPrefix(f, "questions for ") && len(f) < 60 {
			return nil, fail(rest[0].Line, fmt.Sprintf("the questions are headed for another pillar than %q", p.Pillar.Text), rest[0].Text)
		}
		p.Summary = append(p.Summary, rest[0])
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return nil, fail(last.Line, fmt.Sprintf("truncated page: no %q section", "Questions for "+p.Pillar.Text), last.Text)
	}
	p.Heading, rest = rest[0], rest[1:]
	if len(rest) == 0 {
		return nil, fail(last.Line, "truncated page: no questions after the heading", last.Text)
	}
	for len(rest) > 0 {
		q := PageQuestion{}
		want := len(p.Questions) + 1
		q.Number, _ = next("")
		if q.Number.Text != strconv.Itoa(want) {
			return nil, fail(q.Number.Line, fmt.Sprintf("expected question %d", want), q.Number.Text)
		}
		if q.Text, err = next(fmt.Sprintf("the text of question %d", want)); err != nil {
			return nil, err
		}
		if q.Grade, err = next(fmt.Sprintf("the grade of question %d", want)); err != nil {
			return nil, err
		}
		for len(rest) > 0 && !numberRE.MatchString(rest[0].Text) {
			q.Body = append(q.Body, rest[0])
			rest = rest[1:]
		}
		p.Questions = append(p.Questions, q)
	}
	return p, nil
}

// pageLines splits the text into its non-blank lines, trimmed, numbered as
// a text editor numbers them.
func pageLines(data []byte) []field {
	s := strings.TrimPrefix(string(data), "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var lines []field
	for i, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			lines = append(lines, field{Line: i + 1, Text: t})
		}
	}
	return lines
}

func parseLastUpdated(f field, fail func(int, string, string) error) (peel.Date, error) {
	m := lastUpdatedRE.FindStringSubmatch(spaced(f.Text))
	if m == nil {
		return peel.Date{}, fail(f.Line, `expected "Last updated dd/mm/yyyy"`, f.Text)
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	year, _ := strconv.Atoi(m[3])
	d, ok := peel.NewDate(year, month, day)
	if !ok {
		return peel.Date{}, fail(f.Line, "impossible date", f.Text)
	}
	return d, nil
}

// IsLink reports whether a line of a narrative is a link to a related
// publication rather than a paragraph: a short line that does not end as a
// sentence does.
func IsLink(line string) bool {
	last, _ := utf8.DecodeLastRuneInString(line)
	return utf8.RuneCountInString(line) <= 120 && !strings.ContainsRune(".?!:;’”\")", last)
}

// spaced turns every run of spaces, non-breaking ones included, into one
// space: the structure of a page is matched on that, its text kept as is.
func spaced(s string) string { return strings.Join(strings.Fields(s), " ") }

// clip shortens long offending text for a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	return string([]rune(s)[:77]) + "…"
}

package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The columns of a table of grades. Names are matched ignoring case; the
// first of each list that the header has is used. Columns of other names
// (a force's name, its region, the question's text as the framework words
// it, the page's address) are read by people and left alone here.
var gradeColumns = map[string][]string{
	"organisation": {"organisation", "force_slug", "organisation_slug"},
	"cycle":        {"cycle", "framework"},
	"pillar":       {"pillar"},
	"grade":        {"grade"},
	"source":       {"source"},
	"programme":    {"programme"},
	"question":     {"question", "question_number"},
	"questionText": {"question_text"},
	"lastUpdated":  {"last_updated"},
}

// notGraded are the cells that say an item was given no grade, as against
// an empty cell, which says nothing is known.
var notGraded = []string{peel.Fold(peel.NotGraded), peel.Fold(peel.Ungraded)}

// ParseGrades reads a table of published grades, tab- or comma-separated
// with a header: organisation (or force_slug), cycle ("2016", "2018/19", or
// a framework slug), pillar, grade and, if known, source (the address of
// the page that states it), question (a question's number, empty for the
// pillar's own grade), question_text (how the page words the question) and
// last_updated (YYYY-MM-DD). "Not graded" is a grade state; an empty grade
// is unknown, and its row is left out (counted in skipped). The rows of one
// assessment must agree on its source and date, and no item may be given
// twice.
func ParseGrades(name string, data []byte, cat Catalogue) (items []peel.GradedItem, skipped int, err error) {
	items, _, skipped, err = parseGrades(name, data, cat)
	return items, skipped, err
}

// parseGrades is ParseGrades, with the line of each item.
func parseGrades(name string, data []byte, cat Catalogue) (items []peel.GradedItem, lines []int, skipped int, err error) {
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, nil, 0, &LineError{File: name, Line: 1, Problem: "not a table of grades: the file is not text"}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		r.Comma = '\t'
	}
	r.LazyQuotes = r.Comma == '\t'
	header, err := r.Read()
	if err != nil {
		return nil, nil, 0, &LineError{File: name, Line: 1, Problem: "not a table of grades: no header"}
	}
	col := map[string]int{}
	for key, names := range gradeColumns {
		for _, n := range names {
			for i, h := range header {
				if _, ok := col[key]; !ok && strings.EqualFold(strings.TrimSpace(h), n) {
					col[key] = i
				}
			}
		}
	}
	for _, key := range []string{"organisation", "cycle", "pillar", "grade"} {
		if _, ok := col[key]; !ok {
			return nil, nil, 0, &LineError{File: name, Line: 1, Problem: fmt.Sprintf("not a table of grades: no %q column (%s)", key, strings.Join(gradeColumns[key], " or ")), Text: strings.Join(header, ",")}
		}
	}
	orgs := map[string]bool{}
	for _, o := range cat.Organisations {
		orgs[o.Slug] = true
	}
	// Where each assessment and each item was first seen, to hold the rows
	// of one assessment to one source and date, and each item to one row.
	type seen struct {
		line int
		item peel.GradedItem
	}
	assessments := map[string]seen{}
	itemLines := map[string]int{}
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, nil, 0, &LineError{File: name, Line: pe.Line, Problem: pe.Err.Error()}
		} else if err != nil {
			return nil, nil, 0, &LineError{File: name, Line: line, Problem: err.Error()}
		}
		cell := func(key string) string {
			if i, ok := col[key]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		fail := func(problem, text string) ([]peel.GradedItem, []int, int, error) {
			return nil, nil, 0, &LineError{File: name, Line: line, Problem: problem, Text: text}
		}
		org := cell("organisation")
		if !orgs[org] {
			return fail("unknown organisation (`peel organisation list` shows the slugs)", org)
		}
		fw := frameworkOf(cat, cell("programme"), cell("cycle"))
		if fw == nil {
			return fail("no framework defines this cycle (`peel framework list` shows those that do)", cell("cycle"))
		}
		pillar := fw.Pillar(cell("pillar"))
		if pillar == nil {
			pillar = fw.PillarByName(cell("pillar"))
		}
		if pillar == nil {
			return fail(fmt.Sprintf("%s has no such pillar", fw.Name()), cell("pillar"))
		}
		g := peel.GradedItem{Organisation: org, Framework: fw.Slug, Pillar: pillar.Slug, Source: cell("source")}
		if q := cell("question"); q != "" {
			n, err := strconv.Atoi(q)
			if err != nil || n < 1 {
				return fail("a question is given by its number (1, 2, 3…), or left empty for the pillar's own grade", q)
			} else if pillar.Question(n) == nil {
				return fail(fmt.Sprintf("%s %s has no question %d", fw.Name(), pillar.Name, n), q)
			}
			g.Question, g.QuestionText = n, cell("questionText")
		}
		if d := cell("lastUpdated"); d != "" {
			if g.LastUpdated, err = peel.ParseDate(d); err != nil {
				return fail("the last-updated date is not of the form YYYY-MM-DD", d)
			}
		}
		switch text := cell("grade"); {
		case text == "":
			skipped++
			continue
		case isNotGraded(text):
		case fw.GradeByLabel(text) != nil:
			g.Grade = fw.GradeByLabel(text).Slug
		case fw.Grade(text) != nil:
			g.Grade = text
		default:
			return fail(fmt.Sprintf("grade not on the %s scale (%s, or Not graded)", fw.Name(), strings.Join(fw.GradeLabels(), ", ")), text)
		}
		if u, err := url.Parse(g.Source); g.Source != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
			return fail("the source is not an http or https address", g.Source)
		}
		key := g.Path() + "#" + strconv.Itoa(g.Question)
		if first, ok := itemLines[key]; ok {
			return fail(fmt.Sprintf("this grade is given twice: first on line %d", first), cell("grade"))
		}
		itemLines[key] = line
		if first, ok := assessments[g.Path()]; !ok {
			assessments[g.Path()] = seen{line, g}
		} else if first.item.Source != g.Source {
			return fail(fmt.Sprintf("the source differs from line %d's, for the same assessment", first.line), g.Source)
		} else if first.item.LastUpdated != g.LastUpdated {
			return fail(fmt.Sprintf("the last-updated date differs from line %d's, for the same assessment", first.line), cell("lastUpdated"))
		}
		items, lines = append(items, g), append(lines, line)
	}
	return items, lines, skipped, nil
}

// frameworkOf finds the framework a table names by slug ("peel-2016") or by
// cycle ("2016", "2018/19") of the programme, PEEL unless said.
func frameworkOf(cat Catalogue, programme, cycle string) *peel.Framework {
	if programme == "" {
		programme = "PEEL"
	}
	for _, fw := range cat.Frameworks {
		if fw.Slug == cycle || peel.Fold(fw.Name()) == peel.Fold(programme+" "+cycle) {
			return fw
		}
	}
	return nil
}

func isNotGraded(text string) bool {
	return slices.Contains(notGraded, peel.Fold(text))
}

// ImportGrades reads a table of grades and stores it, all or nothing; with
// addOnly, assessments that exist are left as they are.
func (im *Importer) ImportGrades(ctx context.Context, name string, data []byte, addOnly bool) (store.GradesResult, int, error) {
	cat, err := im.catalogue(ctx)
	if err != nil {
		return store.GradesResult{}, 0, err
	}
	items, lines, skipped, err := parseGrades(name, data, cat)
	if err != nil {
		return store.GradesResult{}, 0, err
	}
	// A question's grade belongs to an assessment that is stored or whose
	// pillar grade the table gives: say so at its line, before the store
	// refuses the whole table without one.
	pillars := map[string]bool{}
	for _, g := range items {
		pillars[g.Path()] = pillars[g.Path()] || g.Question == 0
	}
	for i, g := range items {
		if pillars[g.Path()] {
			continue
		}
		_, err := im.Store.FindAssessment(ctx, g.Framework, g.Organisation, g.Pillar)
		if peel.ErrorCode(err) == peel.ENOTFOUND {
			return store.GradesResult{}, 0, &LineError{File: name, Line: lines[i], Problem: "a question's grade needs its assessment: this one is not stored, and the table gives no grade for its pillar", Text: strconv.Itoa(g.Question)}
		} else if err != nil {
			return store.GradesResult{}, 0, fileError(name, err)
		}
		pillars[g.Path()] = true
	}
	res, err := im.Store.ImportGradedItems(ctx, items, addOnly)
	if err != nil {
		return res, 0, fileError(name, err)
	}
	return res, skipped, nil
}

// fileError names the file in what the store said: its message when it is
// the user's to act on, the whole error when it is internal.
func fileError(name string, err error) error {
	if peel.ErrorCode(err) == peel.EINTERNAL {
		return fmt.Errorf("%s: %w", name, err)
	}
	return fmt.Errorf("%s: %s", name, peel.ErrorMessage(err))
}

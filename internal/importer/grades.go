package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// The columns of a table of grades. Names are matched ignoring case; the
// first of each list that the header has is used.
var gradeColumns = map[string][]string{
	"organisation": {"organisation", "force_slug", "organisation_slug"},
	"cycle":        {"cycle", "framework"},
	"pillar":       {"pillar"},
	"grade":        {"grade"},
	"source":       {"source"},
	"programme":    {"programme"},
	"question":     {"question", "question_number"},
}

// notGraded are the cells that say an item was given no grade, as against
// an empty cell, which says nothing is known.
var notGraded = []string{"not graded", "ungraded"}

// ParseGrades reads a table of published pillar grades, tab- or
// comma-separated with a header: organisation (or force_slug), cycle
// ("2016", "2018/19", or a framework slug), pillar, grade and, if known,
// source (the address of the page that states it). "Not graded" is a grade
// state; an empty grade is unknown, and its row is left out (counted in
// skipped).
func ParseGrades(name string, data []byte, cat Catalogue) (grades []*peel.Assessment, skipped int, err error) {
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, 0, &LineError{File: name, Line: 1, Problem: "not a table of grades: the file is not text"}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		r.Comma = '\t'
	}
	r.LazyQuotes = r.Comma == '\t'
	header, err := r.Read()
	if err != nil {
		return nil, 0, &LineError{File: name, Line: 1, Problem: "not a table of grades: no header"}
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
			return nil, 0, &LineError{File: name, Line: 1, Problem: fmt.Sprintf("not a table of grades: no %q column (%s)", key, strings.Join(gradeColumns[key], " or ")), Text: strings.Join(header, ",")}
		}
	}
	orgs := map[string]bool{}
	for _, o := range cat.Organisations {
		orgs[o.Slug] = true
	}
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, &LineError{File: name, Line: pe.Line, Problem: pe.Err.Error()}
		} else if err != nil {
			return nil, 0, &LineError{File: name, Line: line, Problem: err.Error()}
		}
		cell := func(key string) string {
			if i, ok := col[key]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		fail := func(problem, text string) ([]*peel.Assessment, int, error) {
			return nil, 0, &LineError{File: name, Line: line, Problem: problem, Text: text}
		}
		if q := cell("question"); q != "" {
			return fail("question grades cannot be imported from a table yet; leave the question empty for a pillar's grade", q)
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
		g := &peel.Assessment{Organisation: org, Framework: fw.Slug, Pillar: pillar.Slug, Status: peel.StatusPublished, Source: cell("source")}
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
		grades = append(grades, g)
	}
	return grades, skipped, nil
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
	for _, s := range notGraded {
		if peel.Fold(text) == s {
			return true
		}
	}
	return false
}

// ImportGrades reads a table of grades and stores it, all or nothing; with
// addOnly, assessments that exist are left as they are.
func (im *Importer) ImportGrades(ctx context.Context, name string, data []byte, addOnly bool) (store.GradesResult, int, error) {
	cat, err := im.catalogue(ctx)
	if err != nil {
		return store.GradesResult{}, 0, err
	}
	grades, skipped, err := ParseGrades(name, data, cat)
	if err != nil {
		return store.GradesResult{}, 0, err
	}
	res, err := im.Store.ImportGrades(ctx, grades, addOnly)
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

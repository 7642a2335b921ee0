package importer

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/peel-oss/peel/internal/peel"
)

// Catalogue is what a page is matched against.
type Catalogue struct {
	Frameworks    []*peel.Framework
	Organisations []*peel.Organisation
}

// Resolve matches the page to its framework, organisation and pillar, checks
// every grade against the framework's scale, and returns the assessment it
// states, with the pillar as the page words it (for the store to add what
// the framework lacks) and notes for the operator.
func (p *Page) Resolve(name string, cat Catalogue, status peel.Status) (*peel.Assessment, *peel.Pillar, []*Warning, error) {
	fail := func(f field, problem string) error {
		return &LineError{File: name, Line: f.Line, Problem: problem, Text: f.Text}
	}
	var notes []*Warning
	note := func(f field, problem string) {
		notes = append(notes, &Warning{File: name, Line: f.Line, Problem: "note: " + problem, Text: f.Text})
	}
	if len(p.Notice) > 0 {
		note(p.Notice[0], "a site notice above the page is not part of it and is not stored; `peel notice add` shows one on the site")
	}

	m := titleRE.FindStringSubmatch(spaced(p.Title.Text))
	who, cycle := m[1], m[2]+" "+m[3]
	var fw *peel.Framework
	for _, f := range cat.Frameworks {
		if peel.Fold(f.Name()) == peel.Fold(cycle) {
			fw = f
		}
	}
	if fw == nil {
		return nil, nil, nil, fail(p.Title, fmt.Sprintf("no framework defines %s (`peel framework list` shows those that do)", cycle))
	}
	var org *peel.Organisation
	for _, o := range cat.Organisations {
		if peel.Fold(o.ShortName) == peel.Fold(who) || peel.Fold(o.Name) == peel.Fold(who) {
			org = o
		}
	}
	if org == nil {
		return nil, nil, nil, fail(p.Title, fmt.Sprintf("unknown force %q", who))
	}

	pillar := &peel.Pillar{Name: p.Pillar.Text, Headline: p.Headline.Text}
	known := fw.PillarByName(p.Pillar.Text)
	newPillar := known == nil
	if newPillar {
		pillar.Slug = peel.Slugify(p.Pillar.Text)
		if !peel.ValidSlug(pillar.Slug) || utf8.RuneCountInString(p.Pillar.Text) > 60 || fw.Pillar(pillar.Slug) != nil {
			return nil, nil, nil, fail(p.Pillar, "expected the name of a pillar")
		}
		note(p.Pillar, fmt.Sprintf("%s had no such pillar; the import adds it", fw.Name()))
		known = pillar
	} else {
		pillar.Slug, pillar.Name = known.Slug, known.Name
		if known.Headline != "" && p.Headline.Text != "" && peel.Fold(known.Headline) != peel.Fold(p.Headline.Text) {
			note(p.Headline, fmt.Sprintf("the headline question differs from %s's wording; this page keeps its own", fw.Name()))
		}
	}

	a := &peel.Assessment{
		Organisation: org.Slug, Framework: fw.Slug, Pillar: pillar.Slug,
		Headline: p.Headline.Text, LastUpdated: p.Date, Status: status,
	}
	if status == peel.StatusPublished {
		published := p.Date.Time
		a.PublishedAt = &published
	}
	var err error
	if a.Grade, err = resolveGrade(fw, p.Grade, "the pillar", fail); err != nil {
		return nil, nil, nil, err
	}
	for _, f := range p.Summary {
		a.Summary = append(a.Summary, f.Text)
	}
	for _, q := range p.Questions {
		n := len(a.Judgments) + 1
		j := &peel.Judgment{Number: n, Question: q.Text.Text}
		if j.Grade, err = resolveGrade(fw, q.Grade, fmt.Sprintf("question %d", n), fail); err != nil {
			return nil, nil, nil, err
		}
		for _, f := range q.Body {
			if IsLink(f.Text) {
				j.Body = append(j.Body, peel.Block{Link: &peel.Link{Title: f.Text}})
			} else {
				j.Body = append(j.Body, peel.Block{Paragraph: f.Text})
			}
		}
		a.Judgments = append(a.Judgments, j)
		pillar.Questions = append(pillar.Questions, &peel.Question{Number: n, Text: q.Text.Text})
		if kq := known.Question(n); kq == nil && !newPillar {
			note(q.Text, fmt.Sprintf("%s %s had no question %d; the import adds it", fw.Name(), pillar.Name, n))
		} else if kq != nil && peel.Fold(kq.Text) != peel.Fold(q.Text.Text) {
			note(q.Text, fmt.Sprintf("question %d differs from %s's wording; this page keeps its own", n, fw.Name()))
		}
	}
	return a, pillar, notes, nil
}

// resolveGrade returns the slug of the grade the line states, "" for
// Ungraded, or an error that tells a grade off the scale from a line that
// is no grade at all (a page cut short, or a line lost).
func resolveGrade(fw *peel.Framework, f field, what string, fail func(field, string) error) (string, error) {
	if peel.Fold(f.Text) == peel.Fold(peel.Ungraded) {
		return "", nil
	} else if g := fw.GradeByLabel(f.Text); g != nil {
		return g.Slug, nil
	}
	expected := strings.Join(append(fw.GradeLabels(), peel.Ungraded), ", ")
	if utf8.RuneCountInString(f.Text) > 40 || strings.ContainsAny(f.Text, ".?!:;") {
		return "", fail(f, fmt.Sprintf("%s has no grade (expected one of %s)", what, expected))
	}
	return "", fail(f, fmt.Sprintf("grade of %s is not on the %s scale (%s)", what, fw.Name(), expected))
}

package importer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
	"github.com/peel-oss/peel/internal/store"
)

// publicationFile is a publication as written in a JSON or YAML file. The
// slug may be left out: it is made from the title. A scale point's slug
// may be left out too: it is made from its label.
type publicationFile struct {
	Slug          string      `yaml:"slug"`
	Title         string      `yaml:"title"`
	Kind          string      `yaml:"kind"`
	Date          string      `yaml:"date"`
	Summary       string      `yaml:"summary"`
	Body          []string    `yaml:"body"`
	Organisations []string    `yaml:"organisations"`
	Links         []linkFile  `yaml:"links"`
	Scale         []gradeFile `yaml:"scale"`
}

type linkFile struct {
	Title string `yaml:"title"`
	Href  string `yaml:"href"`
}

// DecodePublication reads a publication in JSON or YAML (see the README for
// its fields), and checks it.
func DecodePublication(name string, data []byte) (*peel.Publication, error) {
	var f publicationFile
	if err := decodeYAML(name, data, &f); err != nil {
		return nil, err
	}
	p := &peel.Publication{
		Slug: orSlug(f.Slug, f.Title), Title: strings.TrimSpace(f.Title), Kind: peel.PublicationKind(f.Kind),
		Summary: strings.TrimSpace(f.Summary), Body: f.Body, Organisations: f.Organisations, Status: peel.StatusDraft,
	}
	if f.Date != "" {
		d, err := peel.ParseDate(f.Date)
		if err != nil {
			return nil, fmt.Errorf("%s: date: %s", name, peel.ErrorMessage(err))
		}
		p.Date = d
	}
	for _, l := range f.Links {
		p.Links = append(p.Links, peel.Link{Title: strings.TrimSpace(l.Title), Href: strings.TrimSpace(l.Href)})
	}
	for _, g := range f.Scale {
		p.Scale = append(p.Scale, &peel.Grade{Slug: orSlug(g.Slug, g.Label), Label: g.Label, Colour: g.Colour})
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %s", name, peel.ErrorMessage(err))
	}
	return p, nil
}

// outcomeColumns are the columns of a table of outcomes, all needed.
var outcomeColumns = []string{"publication", "organisation", "outcome", "narrative"}

// ImportOutcomes reads a table of follow-up reviews' outcomes (CSV with a
// header: publication, organisation, outcome, narrative) and stores it,
// all or nothing. The outcome is a point of the review's scale, by its
// slug or its label; the narrative's paragraphs are separated by blank
// lines. A mistake is told at its line, naming the column.
func (im *Importer) ImportOutcomes(ctx context.Context, name string, data []byte) (store.ImportResult, error) {
	var res store.ImportResult
	var outcomes []*peel.Outcome
	var lines []int
	seen := map[string]int{}
	pubs := map[string]*peel.Publication{}
	err := eachRow(name, data, "outcomes", outcomeColumns, func(line int, get func(string) string) error {
		at := func(field, format string, args ...any) error {
			return &LineError{File: name, Line: line, Problem: field + ": " + fmt.Sprintf(format, args...)}
		}
		o := &peel.Outcome{
			Publication:  get("publication"),
			Organisation: get("organisation"),
			Narrative:    peel.Paragraphs(get("narrative")),
		}
		grade := get("outcome")
		p, ok := pubs[o.Publication]
		if !ok {
			var err error
			p, err = im.Store.FindPublication(ctx, o.Publication)
			if peel.ErrorCode(err) == peel.ENOTFOUND {
				return at("publication", "no publication %q", o.Publication)
			} else if err != nil {
				return fileError(name, err)
			}
			pubs[o.Publication] = p
		}
		if g := p.GradeByLabel(grade); g != nil {
			o.Grade = g.Slug
		} else {
			o.Grade = grade
		}
		key := o.Publication + "/" + o.Organisation
		if first, ok := seen[key]; ok {
			return at("organisation", "%s has an outcome in %s at line %d already", o.Organisation, o.Publication, first)
		}
		seen[key] = line
		if err := o.Validate(p); err != nil {
			return &LineError{File: name, Line: line, Problem: peel.ErrorMessage(err)}
		}
		outcomes, lines = append(outcomes, o), append(lines, line)
		return nil
	})
	if err != nil {
		return res, err
	}
	res, err = im.Store.ImportOutcomes(ctx, outcomes)
	if oe := (*store.OutcomeError)(nil); errors.As(err, &oe) && peel.ErrorCode(err) != peel.EINTERNAL {
		return res, &LineError{File: name, Line: lines[oe.Index], Problem: peel.ErrorMessage(err)}
	} else if err != nil {
		return res, fileError(name, err)
	}
	return res, nil
}

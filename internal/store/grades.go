package store

import (
	"context"
	"slices"

	"github.com/peel-oss/peel/internal/peel"
)

// GradesResult counts what ImportGrades did, by assessment.
type GradesResult struct {
	Created, Updated, Unchanged int
}

// ImportGrades stores published pillar grades, each an assessment with a
// grade and a source but no narrative, and any question grades its
// judgments give: ImportGradedItems, for a table read as assessments.
func (s *Store) ImportGrades(ctx context.Context, grades []*peel.Assessment, addOnly bool) (GradesResult, error) {
	var items []peel.GradedItem
	for _, g := range grades {
		pillar := peel.GradedItem{Framework: g.Framework, Organisation: g.Organisation, Pillar: g.Pillar, Grade: g.Grade, LastUpdated: g.LastUpdated, Source: g.Source}
		items = append(items, pillar)
		for _, j := range g.Judgments {
			q := pillar
			q.Question, q.QuestionText, q.Grade = j.Number, j.Question, j.Grade
			items = append(items, q)
		}
	}
	return s.ImportGradedItems(ctx, items, addOnly)
}

// ImportGradedItems stores grades known from a table, all or nothing.
// An assessment not stored yet is created, published, with no narrative:
// its pillar's grade, and its questions' grades as judgments with no body.
// Where the organisation has an assessment for that pillar already, the two
// are one: the grades given are set (a question it lacks is added), as are
// the source and last-updated date when given; its narrative is kept, and a
// change makes a new version. With addOnly, assessments that exist are left
// as they are (reference data never overrides what was stored since).
//
// A question's grade needs an assessment to belong to: one stored, or the
// pillar's own grade in the same table. An unknown grade is not a grade,
// and no grade of a pillar is made up for its questions.
func (s *Store) ImportGradedItems(ctx context.Context, items []peel.GradedItem, addOnly bool) (GradesResult, error) {
	var res GradesResult
	// The items of each assessment, in the order first seen.
	var order []string
	byPath := map[string][]peel.GradedItem{}
	for _, g := range items {
		if _, ok := byPath[g.Path()]; !ok {
			order = append(order, g.Path())
		}
		byPath[g.Path()] = append(byPath[g.Path()], g)
	}
	err := s.inTx(ctx, func(tx *tx) error {
		frameworks := map[string]*peel.Framework{}
		orgs := map[string]int64{}
		for _, path := range order {
			group := byPath[path]
			first := group[0]
			fw := frameworks[first.Framework]
			if fw == nil {
				var err error
				if fw, err = findFrameworkBySlug(ctx, tx, first.Framework); err != nil {
					return err
				}
				frameworks[first.Framework] = fw
			}
			p := fw.Pillar(first.Pillar)
			if p == nil {
				return peel.Errorf(peel.EINVALID, "%s has no pillar %q", fw.Name(), first.Pillar)
			}
			if _, ok := orgs[first.Organisation]; !ok {
				found, err := findOrganisations(ctx, tx, OrganisationFilter{Slug: first.Organisation})
				if err != nil {
					return err
				} else if len(found) == 0 {
					return peel.Errorf(peel.ENOTFOUND, "no organisation %q", first.Organisation)
				}
				orgs[first.Organisation] = found[0].ID
			}
			old, err := findAssessment(ctx, tx, first.Framework, first.Organisation, first.Pillar, !addOnly)
			var next peel.Assessment
			switch {
			case peel.ErrorCode(err) == peel.ENOTFOUND:
				if !slices.ContainsFunc(group, func(g peel.GradedItem) bool { return g.Question == 0 }) {
					return peel.Errorf(peel.EINVALID, "%s is not stored, and its pillar's grade is not given: question grades need it", path)
				}
				next = peel.Assessment{Organisation: first.Organisation, Framework: first.Framework, Pillar: first.Pillar, Status: peel.StatusPublished, Version: 1}
			case err != nil:
				return err
			case addOnly:
				res.Unchanged++
				continue
			default:
				next = *old
				next.Version++
				// The judgments are changed below; the old ones stay as
				// they were, to compare with.
				next.Judgments = make([]*peel.Judgment, len(old.Judgments))
				for i, j := range old.Judgments {
					copied := *j
					next.Judgments[i] = &copied
				}
			}
			if err := setGrades(&next, p, group); err != nil {
				return err
			}
			if old != nil && next.SameContent(old) {
				res.Unchanged++
				continue
			}
			if err := writeAssessment(ctx, tx, fw, p, orgs[first.Organisation], &next, ""); err != nil {
				return err
			}
			if old == nil {
				res.Created++
			} else {
				res.Updated++
			}
		}
		return nil
	})
	return res, err
}

// setGrades puts the items' grades, source and date on the assessment.
func setGrades(a *peel.Assessment, p *peel.Pillar, items []peel.GradedItem) error {
	for _, g := range items {
		if g.Source != "" {
			a.Source = g.Source
		}
		if !g.LastUpdated.IsZero() {
			a.LastUpdated = g.LastUpdated
		}
		if g.Question == 0 {
			a.Grade = g.Grade
			continue
		}
		i, found := slices.BinarySearchFunc(a.Judgments, g.Question, func(j *peel.Judgment, n int) int { return j.Number - n })
		if found {
			a.Judgments[i].Grade = g.Grade
			continue
		}
		q := p.Question(g.Question)
		if q == nil {
			return peel.Errorf(peel.EINVALID, "%s has no question %d", p.Name, g.Question)
		}
		text := g.QuestionText
		if text == "" {
			text = q.Text
		}
		a.Judgments = slices.Insert(a.Judgments, i, &peel.Judgment{Number: g.Question, Question: text, Grade: g.Grade})
	}
	return nil
}

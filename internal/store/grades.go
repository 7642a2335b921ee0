package store

import (
	"context"

	"github.com/peel-oss/peel/internal/peel"
)

// GradesResult counts what ImportGrades did.
type GradesResult struct {
	Created, Updated, Unchanged int
}

// ImportGrades stores published grades known from a table, all or nothing.
// Each is an assessment with a grade and a source but no narrative. Where
// the organisation has an assessment for that pillar already, the two are
// one: its grade and source are set, its narrative kept, and a change makes
// a new version. With addOnly, assessments that exist are left as they are
// (reference data never overrides what was stored since).
func (s *Store) ImportGrades(ctx context.Context, grades []*peel.Assessment, addOnly bool) (GradesResult, error) {
	var res GradesResult
	err := s.inTx(ctx, func(tx *tx) error {
		frameworks := map[string]*peel.Framework{}
		orgs := map[string]int64{}
		for _, g := range grades {
			fw := frameworks[g.Framework]
			if fw == nil {
				var err error
				if fw, err = findFrameworkBySlug(ctx, tx, g.Framework); err != nil {
					return err
				}
				frameworks[g.Framework] = fw
			}
			p := fw.Pillar(g.Pillar)
			if p == nil {
				return peel.Errorf(peel.EINVALID, "%s has no pillar %q", fw.Name(), g.Pillar)
			}
			if _, ok := orgs[g.Organisation]; !ok {
				found, err := findOrganisations(ctx, tx, OrganisationFilter{Slug: g.Organisation})
				if err != nil {
					return err
				} else if len(found) == 0 {
					return peel.Errorf(peel.ENOTFOUND, "no organisation %q", g.Organisation)
				}
				orgs[g.Organisation] = found[0].ID
			}
			old, err := findAssessment(ctx, tx, g.Framework, g.Organisation, g.Pillar, !addOnly)
			switch {
			case peel.ErrorCode(err) == peel.ENOTFOUND:
				a := *g
				a.ID, a.Version, a.Status = 0, 1, peel.StatusPublished
				if err := writeAssessment(ctx, tx, fw, p, orgs[g.Organisation], &a); err != nil {
					return err
				}
				res.Created++
				continue
			case err != nil:
				return err
			case addOnly:
				res.Unchanged++
				continue
			}
			next := *old
			next.Grade = g.Grade
			if g.Source != "" {
				next.Source = g.Source
			}
			if next.SameContent(old) {
				res.Unchanged++
				continue
			}
			next.Version++
			if err := writeAssessment(ctx, tx, fw, p, orgs[g.Organisation], &next); err != nil {
				return err
			}
			res.Updated++
		}
		return nil
	})
	return res, err
}

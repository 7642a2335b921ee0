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
		c := newCatalogue(tx)
		for _, g := range grades {
			fw, p, orgID, err := c.find(ctx, g)
			if err != nil {
				return err
			}
			old, err := findAssessment(ctx, tx, g.Framework, g.Organisation, g.Pillar, !addOnly)
			switch {
			case peel.ErrorCode(err) == peel.ENOTFOUND:
				a := *g
				a.ID, a.Version, a.Status = 0, 1, peel.StatusPublished
				if err := writeAssessment(ctx, tx, fw, p, orgID, &a); err != nil {
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
			if err := writeAssessment(ctx, tx, fw, p, orgID, &next); err != nil {
				return err
			}
			res.Updated++
		}
		return nil
	})
	return res, err
}

package store

import (
	"context"

	"github.com/peel-oss/peel/internal/peel"
)

// PublicFilter narrows what the public may see now (published, or
// scheduled and due by the database's clock) for the open data and the
// API's lists. Empty fields match all.
type PublicFilter struct {
	Framework    string // slug
	Organisation string // slug
	Pillar       string // slug, in any framework
	Region       string // the organisation's region, by name
	Grade        string // the grade's slug, on any scale
	Limit        int    // at most this many; 0 for all
	Offset       int    // after skipping this many
}

// where is the filter as a condition on the assessment (a), its
// organisation (o), pillar (p), framework (f) and grade (g), public only.
func (f PublicFilter) where() (string, []any) {
	return `(? = '' OR f.slug = ?) AND (? = '' OR o.slug = ?) AND (? = '' OR p.slug = ?)
		AND (? = '' OR o.region = ?) AND (? = '' OR g.slug = ?) AND ` + isPublic,
		[]any{f.Framework, f.Framework, f.Organisation, f.Organisation, f.Pillar, f.Pillar, f.Region, f.Region, f.Grade, f.Grade}
}

// page is the filter's LIMIT and OFFSET, if it has a limit.
func (f PublicFilter) page(args []any) (string, []any) {
	if f.Limit <= 0 {
		return "", args
	}
	return " LIMIT ? OFFSET ?", append(args, f.Limit, f.Offset)
}

// CheckPublicFilter returns EINVALID, naming the field, for the first of
// the filter's fields that names nothing stored: a typing slip, rather than
// a list with nothing in it. A pillar or grade is looked for in the
// filter's framework, if it has one.
func (s *Store) CheckPublicFilter(ctx context.Context, f PublicFilter) error {
	var fw, org, pillar, region, grade bool
	err := s.readTx(ctx, func(tx *tx) error {
		return tx.queryRow(ctx, `
			SELECT
				? = '' OR EXISTS (SELECT 1 FROM frameworks WHERE slug = ?),
				? = '' OR EXISTS (SELECT 1 FROM organisations WHERE slug = ?),
				? = '' OR EXISTS (SELECT 1 FROM pillars p JOIN frameworks f ON f.id = p.framework_id WHERE p.slug = ? AND (? = '' OR f.slug = ?)),
				? = '' OR EXISTS (SELECT 1 FROM organisations WHERE region = ?),
				? = '' OR EXISTS (SELECT 1 FROM grades g JOIN frameworks f ON f.id = g.framework_id WHERE g.slug = ? AND (? = '' OR f.slug = ?))`,
			f.Framework, f.Framework, f.Organisation, f.Organisation, f.Pillar, f.Pillar, f.Framework, f.Framework,
			f.Region, f.Region, f.Grade, f.Grade, f.Framework, f.Framework,
		).Scan(&fw, &org, &pillar, &region, &grade)
	})
	switch {
	case err != nil:
		return err
	case !fw:
		return peel.Errorf(peel.EINVALID, "framework: there is no framework %q", f.Framework)
	case !org:
		return peel.Errorf(peel.EINVALID, "organisation: there is no organisation %q", f.Organisation)
	case !pillar && f.Framework != "":
		return peel.Errorf(peel.EINVALID, "pillar: framework %s has no pillar %q", f.Framework, f.Pillar)
	case !pillar:
		return peel.Errorf(peel.EINVALID, "pillar: no framework has a pillar %q", f.Pillar)
	case !region:
		return peel.Errorf(peel.EINVALID, "region: no organisation is in a region %q", f.Region)
	case !grade && f.Framework != "":
		return peel.Errorf(peel.EINVALID, "grade: framework %s has no grade %q on its scale", f.Framework, f.Grade)
	case !grade:
		return peel.Errorf(peel.EINVALID, "grade: no framework has a grade %q on its scale", f.Grade)
	}
	return nil
}

// FindPublicAssessments returns a page of the assessments the public may
// see now, without their narratives, by framework, organisation and
// pillar, and how many match in all.
func (s *Store) FindPublicAssessments(ctx context.Context, f PublicFilter) ([]*peel.Assessment, int, error) {
	var list []*peel.Assessment
	var total int
	where, args := f.where()
	err := s.readTx(ctx, func(tx *tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) `+assessmentJoins+` WHERE `+where, args...).Scan(&total); err != nil {
			return err
		}
		limit, args := f.page(args)
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			a, err := scanAssessment(scan)
			list = append(list, a)
			return err
		}, `SELECT `+assessmentColumns+` `+assessmentJoins+` WHERE `+where+`
			ORDER BY f.programme, f.cycle, o.slug, p.position`+limit, args...)
	})
	return list, total, err
}

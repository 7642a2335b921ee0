package store

import (
	"context"
	"strings"

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

// where is the filter as a condition on the assessment (a) and its
// organisation (o), public only, with gradeColumn the column of the grade
// to match (a.grade_id, or a judgment's). Only the fields given are
// conditions, and all but the organisation's are on the assessment's own
// columns, so that the database can use its indexes and a count needs no
// other join.
func (f PublicFilter) where(gradeColumn string) (string, []any) {
	conds, args := []string{isPublic}, []any{}
	for _, c := range []struct{ value, cond string }{
		{f.Framework, `a.pillar_id IN (SELECT p.id FROM pillars p JOIN frameworks f ON f.id = p.framework_id WHERE f.slug = ?)`},
		{f.Organisation, `o.slug = ?`},
		{f.Pillar, `a.pillar_id IN (SELECT id FROM pillars WHERE slug = ?)`},
		{f.Region, `o.region = ?`},
		{f.Grade, gradeColumn + ` IN (SELECT id FROM grades WHERE slug = ?)`},
	} {
		if c.value != "" {
			conds, args = append(conds, c.cond), append(args, c.value)
		}
	}
	return strings.Join(conds, " AND "), args
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
// see now, without their narratives, by organisation, framework and
// pillar, and how many match in all. Organisations come first, in the
// order of their unique slugs, so that a page is read from the indexes
// without sorting every assessment: CROSS JOIN keeps SQLite's planner to
// that order (and means an inner join to PostgreSQL), and o.id, which
// changes nothing after a unique slug, leads it to the slug's index, where
// without it SQLite 3.54 sorts the whole list for each page.
func (s *Store) FindPublicAssessments(ctx context.Context, f PublicFilter) ([]*peel.Assessment, int, error) {
	var list []*peel.Assessment
	var total int
	where, args := f.where("a.grade_id")
	err := s.readTx(ctx, func(tx *tx) error {
		// Counted from the organisations when they are filtered (by
		// their indexes), else from the assessments' status alone.
		count := `SELECT COUNT(*) FROM assessments a WHERE ` + where
		if f.Organisation != "" || f.Region != "" {
			count = `SELECT COUNT(*) FROM organisations o CROSS JOIN assessments a WHERE a.organisation_id = o.id AND ` + where
		}
		if err := tx.queryRow(ctx, count, args...).Scan(&total); err != nil {
			return err
		}
		limit, args := f.page(args)
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			a, err := scanAssessment(scan)
			list = append(list, a)
			return err
		}, `
			SELECT `+assessmentColumns+`
			FROM organisations o
			CROSS JOIN assessments a
			JOIN pillars p ON p.id = a.pillar_id
			JOIN frameworks f ON f.id = p.framework_id
			LEFT JOIN grades g ON g.id = a.grade_id
			WHERE a.organisation_id = o.id AND `+where+`
			ORDER BY o.slug, o.id, f.programme, f.cycle, p.position`+limit, args...)
	})
	return list, total, err
}

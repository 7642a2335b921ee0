package store

import (
	"context"
	"strings"

	"github.com/peel-oss/peel/internal/peel"
)

// A cycle's grades are read in pieces a page can use at any size: counts
// made by the database, and one page of organisations at a time, so that a
// cycle of thousands of organisations is never loaded whole.

// GradeCount is how many of a cycle's public assessments give a pillar a
// grade, or how many of their judgments give a question one.
type GradeCount struct {
	Pillar   string // slug
	Question int    // the question's number; 0 for the pillar's own grade
	Grade    string // slug on the framework's scale; "" for ungraded
	Count    int
}

// Graded is one public grade of an organisation in a cycle: its pillar's
// grade (Question 0) or a question's.
type Graded struct {
	Pillar   string // slug
	Question int
	Grade    string // slug; "" for ungraded
}

// CycleGrades is an organisation with its public grades in one cycle.
type CycleGrades struct {
	Organisation *peel.Organisation
	Grades       []Graded
}

// CycleFilter picks a page of a cycle's organisations.
type CycleFilter struct {
	Framework string // slug
	Limit     int    // 0 for no limit
	Offset    int
}

// publicItems lists, by ids, every public grade of the framework whose id
// is given twice as its arguments: each assessment's pillar grade (with no
// question) and each of its judgments' grades. Nothing unpublished is in it.
// The index on assessments (pillar_id, organisation_id, status, publish_at,
// grade_id) answers it without reading the assessments themselves.
//
// CROSS JOIN keeps SQLite to reading the framework's pillars first, then
// their assessments from that index (as PostgreSQL plans it by itself, for
// which it is an inner join), rather than every published assessment by
// status.
const publicItems = `
	SELECT a.organisation_id AS organisation_id, a.pillar_id AS pillar_id, NULL AS question_id, a.grade_id AS grade_id
	FROM pillars p CROSS JOIN assessments a
	WHERE a.pillar_id = p.id AND p.framework_id = ? AND ` + isPublic + `
	UNION ALL
	SELECT a.organisation_id, a.pillar_id, j.question_id, j.grade_id
	FROM pillars p CROSS JOIN assessments a JOIN judgments j ON j.assessment_id = a.id
	WHERE a.pillar_id = p.id AND p.framework_id = ? AND ` + isPublic

// itemNames turns the ids of publicItems (as i) into slugs and numbers.
const itemNames = `
	JOIN pillars p ON p.id = i.pillar_id
	LEFT JOIN questions q ON q.id = i.question_id
	LEFT JOIN grades g ON g.id = i.grade_id`

// CountGrades returns how many public grades of each kind the cycle has,
// nationally: per pillar, and per question where judgments are known, in
// the framework's order of pillars, questions and grades. An ungraded item
// counts under the grade "", after the scale's; a missing one does not
// count.
func (s *Store) CountGrades(ctx context.Context, framework string) ([]GradeCount, error) {
	var counts []GradeCount
	err := s.readTx(ctx, func(tx *tx) error {
		id, err := frameworkID(ctx, tx, framework)
		if err != nil {
			return err
		}
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			var c GradeCount
			if err := scan(&c.Pillar, &c.Question, &c.Grade, &c.Count); err != nil {
				return err
			}
			counts = append(counts, c)
			return nil
		}, `
			SELECT p.slug, COALESCE(q.number, 0), COALESCE(g.slug, ''), i.n
			FROM (
				SELECT pillar_id, question_id, grade_id, COUNT(*) AS n
				FROM (`+publicItems+`) items
				GROUP BY pillar_id, question_id, grade_id
			) i `+itemNames+`
			ORDER BY p.position, COALESCE(q.number, 0), CASE WHEN g.id IS NULL THEN 1 ELSE 0 END, g.position`, id, id)
	})
	return counts, err
}

// FindCycleGrades returns a page of the organisations with a public
// assessment in the cycle, by region and name, each with its public grades,
// and how many such organisations there are in all.
func (s *Store) FindCycleGrades(ctx context.Context, filter CycleFilter) ([]*CycleGrades, int, error) {
	var list []*CycleGrades
	var total int
	err := s.readTx(ctx, func(tx *tx) error {
		id, err := frameworkID(ctx, tx, filter.Framework)
		if err != nil {
			return err
		}
		err = tx.queryRow(ctx, `
			SELECT COUNT(DISTINCT a.organisation_id)
			FROM pillars p CROSS JOIN assessments a
			WHERE a.pillar_id = p.id AND p.framework_id = ? AND `+isPublic, id).Scan(&total)
		if err != nil {
			return err
		}
		args := []any{id}
		limit := ""
		if filter.Limit > 0 {
			limit, args = "LIMIT ? OFFSET ?", append(args, filter.Limit, filter.Offset)
		}
		byID := map[int64]*CycleGrades{}
		err = scanRows(ctx, tx, func(scan func(...any) error) error {
			o := &peel.Organisation{}
			if err := scan(&o.ID, &o.Slug, &o.Name, &o.ShortName, &o.Region, &o.Country, &o.Kind); err != nil {
				return err
			}
			c := &CycleGrades{Organisation: o}
			list = append(list, c)
			byID[o.ID] = c
			return nil
		}, `
			SELECT o.id, o.slug, o.name, o.short_name, o.region, o.country, o.kind
			FROM organisations o
			WHERE EXISTS (
				SELECT 1 FROM assessments a JOIN pillars p ON p.id = a.pillar_id
				WHERE a.organisation_id = o.id AND p.framework_id = ? AND `+isPublic+`)
			ORDER BY o.region, o.name, o.slug `+limit, args...)
		if err != nil || len(list) == 0 {
			return err
		}
		// The page's grades, found from its organisations (by the unique
		// index on organisation and pillar), not by reading the cycle's.
		// (CROSS JOIN keeps SQLite to that order, rather than every
		// published assessment by status.)
		in := `o.id IN (?` + strings.Repeat(", ?", len(list)-1) + `) AND a.organisation_id = o.id`
		var ids []any
		for _, c := range list {
			ids = append(ids, c.Organisation.ID)
		}
		args = append(append(append(append([]any{}, ids...), id), ids...), id)
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			var org int64
			var position int
			var g Graded
			if err := scan(&org, &g.Pillar, &g.Question, &g.Grade, &position); err != nil {
				return err
			}
			byID[org].Grades = append(byID[org].Grades, g)
			return nil
		}, `
			SELECT a.organisation_id, p.slug, 0, COALESCE(g.slug, ''), p.position
			FROM organisations o CROSS JOIN assessments a JOIN pillars p ON p.id = a.pillar_id LEFT JOIN grades g ON g.id = a.grade_id
			WHERE `+in+` AND p.framework_id = ? AND `+isPublic+`
			UNION ALL
			SELECT a.organisation_id, p.slug, q.number, COALESCE(g.slug, ''), p.position
			FROM organisations o CROSS JOIN assessments a JOIN pillars p ON p.id = a.pillar_id JOIN judgments j ON j.assessment_id = a.id
				JOIN questions q ON q.id = j.question_id LEFT JOIN grades g ON g.id = j.grade_id
			WHERE `+in+` AND p.framework_id = ? AND `+isPublic+`
			ORDER BY 1, 5, 3`, args...)
	})
	return list, total, err
}

// frameworkID returns the id of the framework with the slug, or ENOTFOUND.
func frameworkID(ctx context.Context, tx *tx, slug string) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM frameworks WHERE slug = ?`, slug).Scan(&id)
	if peel.ErrorCode(tx.dialect.mapError(err)) == peel.ENOTFOUND {
		return 0, peel.Errorf(peel.ENOTFOUND, "no framework %q", slug)
	}
	return id, err
}

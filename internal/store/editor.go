package store

import (
	"context"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// WorkFilter narrows FindWork; zero fields match all.
type WorkFilter struct {
	Framework    string      // slug: the cycle
	Organisation string      // slug
	Pillar       string      // slug
	Status       peel.Status // as shown: a scheduled assessment that is due is published
	Assignee     string      // the assignee's email address, or NoAssignee
	Offset       int
	Limit        int // 0 for no limit
}

// Work is an assessment as the editor lists it: without its narrative, with
// the time of its last change.
type Work struct {
	*peel.Assessment
	Changed  time.Time
	Assignee string // the email address of the user it is assigned to; "" for no one
}

// FindWork returns a page of the assessments the user may work on, most
// recently changed first, and how many match in all. What a user may read
// follows peel.Allow: a liaison has only their own force's assessments out
// for the check (the public ones they read on the public site); the other
// roles have every assessment, public or not.
func (s *Store) FindWork(ctx context.Context, u *peel.User, filter WorkFilter) ([]*Work, int, error) {
	if u == nil || u.Disabled {
		return nil, 0, peel.Errorf(peel.EFORBIDDEN, "sign in to list assessments")
	}
	status := `CASE WHEN ` + due + ` THEN 'published' ELSE a.status END`
	conds, args := []string{"1 = 1"}, []any{}
	switch u.Role {
	case peel.RoleLiaison:
		conds, args = append(conds, `o.slug = ?`, `a.status = ?`), append(args, u.Organisation, peel.StatusCheck)
	case peel.RoleInspector, peel.RoleModerator, peel.RolePublisher, peel.RoleAdministrator:
	default:
		return nil, 0, peel.Errorf(peel.EFORBIDDEN, "a user with the role %s may not list assessments", u.Role)
	}
	for _, c := range []struct {
		value string
		cond  string
	}{
		{filter.Framework, `f.slug = ?`},
		{filter.Organisation, `o.slug = ?`},
		{filter.Pillar, `p.slug = ?`},
		{string(filter.Status), status + ` = ?`},
	} {
		if c.value != "" {
			conds, args = append(conds, c.cond), append(args, c.value)
		}
	}
	switch filter.Assignee {
	case "":
	case NoAssignee:
		conds = append(conds, `a.assignee_id IS NULL`)
	default:
		conds, args = append(conds, `lower(au.email) = ?`), append(args, peel.NormalEmail(filter.Assignee))
	}
	where := strings.Join(conds, " AND ")
	joins := assessmentJoins + `
		LEFT JOIN users au ON au.id = a.assignee_id`
	var list []*Work
	var total int
	err := s.readTx(ctx, func(tx *tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM assessments a `+joins+` WHERE `+where, args...).Scan(&total); err != nil {
			return err
		}
		page, pageArgs := "", append([]any{}, args...)
		if filter.Limit > 0 {
			page, pageArgs = "LIMIT ? OFFSET ?", append(pageArgs, filter.Limit, filter.Offset)
		}
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			var changed nullTime
			var assignee string
			a, err := scanAssessment(func(dest ...any) error { return scan(append(dest, &changed, &assignee)...) })
			if err != nil {
				return err
			}
			list = append(list, &Work{Assessment: a, Changed: *changed.t, Assignee: assignee})
			return nil
		}, `
			SELECT `+assessmentColumns+`, a.updated_at, COALESCE(au.email, '')
			FROM assessments a `+joins+`
			WHERE `+where+`
			ORDER BY a.updated_at DESC, a.id DESC `+page, pageArgs...)
	})
	return list, total, err
}

package store

import (
	"context"
	"database/sql"

	"github.com/peel-oss/peel/internal/peel"
)

// NoAssignee, as WorkFilter.Assignee, matches the assessments assigned to
// no one.
const NoAssignee = "none"

// Assign assigns an assessment not yet published to a staff user (any role
// but liaison) by their email address, or to no one when email is "". The
// user who acts may be any but a liaison (peel.AllowAssign). It is audited
// as "assessment.assign".
func (s *Store) Assign(ctx context.Context, u *peel.User, framework, organisation, pillar, email string) error {
	ctx = actAs(ctx, u)
	return s.inTx(ctx, func(tx *tx) error {
		a, err := findAssessment(ctx, tx, framework, organisation, pillar, false)
		if err != nil {
			return err
		}
		if err := peel.AllowAssign(u, a); err != nil {
			return err
		}
		old, err := findAssignee(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		var id *int64
		if email != "" {
			to, err := scanUser(tx.queryRow(ctx, `SELECT `+userColumns+userFrom+`WHERE lower(u.email) = ?`, peel.NormalEmail(email)).Scan)
			switch {
			case err == sql.ErrNoRows:
				return peel.Errorf(peel.EINVALID, "assignee: there is no user with the email address %s", peel.NormalEmail(email))
			case err != nil:
				return err
			case to.Role == peel.RoleLiaison:
				return peel.Errorf(peel.EINVALID, "assignee: %s is a liaison; an assessment is assigned to a member of staff", to.Email)
			case to.Disabled:
				return peel.Errorf(peel.EINVALID, "assignee: %s is disabled", to.Email)
			}
			id, email = &to.ID, to.Email
		}
		if old == email {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE assessments SET assignee_id = ? WHERE id = ?`, id, a.ID); err != nil {
			return err
		}
		return tx.audit(ctx, "assessment.assign", a.Path(), assigneeState(old), assigneeState(email))
	})
}

func assigneeState(email string) map[string]any {
	if email == "" {
		return map[string]any{"assignee": nil}
	}
	return map[string]any{"assignee": email}
}

// Assignee returns the email address of the user the assessment is
// assigned to, "" for no one.
func (s *Store) Assignee(ctx context.Context, framework, organisation, pillar string) (string, error) {
	var email string
	err := s.readTx(ctx, func(tx *tx) error {
		a, err := findAssessment(ctx, tx, framework, organisation, pillar, false)
		if err != nil {
			return err
		}
		email, err = findAssignee(ctx, tx, a.ID)
		return err
	})
	return email, err
}

func findAssignee(ctx context.Context, tx *tx, assessment int64) (string, error) {
	var email string
	err := tx.queryRow(ctx, `SELECT COALESCE(u.email, '') FROM assessments a LEFT JOIN users u ON u.id = a.assignee_id WHERE a.id = ?`, assessment).Scan(&email)
	return email, err
}

package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// The editorial workflow: each step of an assessment's life is a method that
// takes the user who acts, checks here that their role may take the step
// from the assessment's status (peel.Allow), and records it in the audit
// log as theirs. Status changes make no new version; changes of content do.

// actAs names the user as the actor of ctx's changes. The operator of a
// command keeps the actor its context names already.
func actAs(ctx context.Context, u *peel.User) context.Context {
	if u != nil && u.ID != 0 {
		return WithActor(ctx, u.Email)
	}
	return ctx
}

// ConflictError refuses a save made on a version that is no longer the
// stored one. Current is the assessment as it is stored now, so that the
// caller can show what changed meanwhile. Its code is ECONFLICT.
type ConflictError struct {
	Read    int // the version the save was made on
	Current *peel.Assessment
}

func (e *ConflictError) Error() string { return e.Unwrap().Error() }

func (e *ConflictError) Unwrap() error {
	return peel.Errorf(peel.ECONFLICT, "%s was changed by someone else since it was read: it is at version %d, not %d; nothing was saved",
		e.Current.Path(), e.Current.Version, e.Read)
}

// ReadAssessment returns an assessment with its narrative for the user:
// one the public may see for anyone, any other only for a role that may
// read it (a liaison: their own force's, while it is out for the check).
// A refusal is ENOTFOUND, so that it does not tell the assessment exists.
func (s *Store) ReadAssessment(ctx context.Context, u *peel.User, framework, organisation, pillar string) (*peel.Assessment, error) {
	a, err := s.FindAssessment(ctx, framework, organisation, pillar)
	if err != nil || a.Status.Public() {
		return a, err
	}
	if peel.Allow(u, peel.ActionReadDraft, a) != nil {
		return nil, peel.Errorf(peel.ENOTFOUND, "no assessment %s", a.Path())
	}
	return a, nil
}

// CreateAssessment starts the organisation's assessment for a pillar of a
// framework as a draft at version 1: the pillar's headline question and its
// questions as the framework words them, ungraded, with no narrative yet.
// One that exists already is ECONFLICT.
func (s *Store) CreateAssessment(ctx context.Context, u *peel.User, framework, organisation, pillar string) (*peel.Assessment, error) {
	ctx = actAs(ctx, u)
	a := &peel.Assessment{Framework: framework, Organisation: organisation, Pillar: pillar, Status: peel.StatusDraft, Version: 1}
	if err := peel.Allow(u, peel.ActionCreate, a); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *tx) error {
		fw, p, orgID, err := newCatalogue(tx).find(ctx, a)
		if err != nil {
			return err
		}
		switch _, err := findAssessment(ctx, tx, framework, organisation, pillar, false); {
		case err == nil:
			return peel.Errorf(peel.ECONFLICT, "%s exists already", a.Path())
		case peel.ErrorCode(err) != peel.ENOTFOUND:
			return err
		}
		a.Headline = p.Headline
		for _, q := range p.Questions {
			a.Judgments = append(a.Judgments, &peel.Judgment{Number: q.Number, Question: q.Text})
		}
		if err := a.Validate(); err != nil {
			return err
		}
		return writeAssessment(ctx, tx, fw, p, orgID, a, "")
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// SaveDraft saves a draft's content, made on the version read: a save on a
// version that is no longer stored is refused with a *ConflictError, which
// carries the assessment as stored now. It returns the assessment saved,
// with its new version.
func (s *Store) SaveDraft(ctx context.Context, u *peel.User, a *peel.Assessment, read int) (*peel.Assessment, error) {
	return s.saveContent(ctx, u, peel.ActionEdit, a, read, "")
}

// Correct saves a correction of a published assessment, made on the version
// read, as SaveDraft does. A minor correction (no note) keeps "Last
// updated"; a major one gives a change note, which the page history shows,
// and moves "Last updated" to the day of the change.
func (s *Store) Correct(ctx context.Context, u *peel.User, a *peel.Assessment, read int, note string) (*peel.Assessment, error) {
	return s.saveContent(ctx, u, peel.ActionCorrect, a, read, strings.TrimSpace(note))
}

func (s *Store) saveContent(ctx context.Context, u *peel.User, action peel.Action, a *peel.Assessment, read int, note string) (*peel.Assessment, error) {
	ctx = actAs(ctx, u)
	var saved *peel.Assessment
	err := s.inTx(ctx, func(tx *tx) error {
		old, err := findAssessment(ctx, tx, a.Framework, a.Organisation, a.Pillar, false)
		if err != nil {
			return err
		}
		if err := peel.Allow(u, action, old); err != nil {
			return err
		}
		// The row is taken only at the version read: a save made at once
		// on the same version waits for this one and then finds nothing.
		res, err := tx.exec(ctx, `UPDATE assessments SET updated_at = {{now}} WHERE id = ? AND version = ?`, old.ID, read)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			current, err := findAssessment(ctx, tx, a.Framework, a.Organisation, a.Pillar, true)
			if err != nil {
				return err
			}
			return &ConflictError{Read: read, Current: current}
		}
		next := *a
		next.ID, next.Version, next.Status = old.ID, read+1, old.Status
		next.PublishAt, next.PublishedAt, next.Source = old.PublishAt, old.PublishedAt, old.Source
		if action == peel.ActionCorrect {
			next.LastUpdated = old.LastUpdated
			if note != "" {
				next.LastUpdated = peel.Date{Time: time.Date(tx.now.Year(), tx.now.Month(), tx.now.Day(), 0, 0, 0, 0, time.UTC)}
			}
		}
		if err := next.Validate(); err != nil {
			return err
		}
		fw, err := findFrameworkBySlug(ctx, tx, a.Framework)
		if err != nil {
			return err
		}
		p := fw.Pillar(a.Pillar)
		orgs, err := findOrganisations(ctx, tx, OrganisationFilter{Slug: a.Organisation})
		if err != nil {
			return err
		}
		if err := writeAssessment(ctx, tx, fw, p, orgs[0].ID, &next, note); err != nil {
			return err
		}
		saved = &next
		return nil
	})
	if ce := (*ConflictError)(nil); errors.As(err, &ce) {
		return ce.Current, err
	}
	return saved, err
}

// SendToCheck sends a draft out for the force's factual-accuracy check: the
// force's liaison may then read it and comment on it.
func (s *Store) SendToCheck(ctx context.Context, u *peel.User, framework, organisation, pillar string) (*peel.Assessment, error) {
	return s.transition(ctx, u, peel.ActionSendCheck, framework, organisation, pillar, nil)
}

// Redraft takes an assessment back from the check to draft.
func (s *Store) Redraft(ctx context.Context, u *peel.User, framework, organisation, pillar string) (*peel.Assessment, error) {
	return s.transition(ctx, u, peel.ActionRedraft, framework, organisation, pillar, nil)
}

// SendToModeration sends a draft, or one out for the check, to moderation.
func (s *Store) SendToModeration(ctx context.Context, u *peel.User, framework, organisation, pillar string) (*peel.Assessment, error) {
	return s.transition(ctx, u, peel.ActionModerate, framework, organisation, pillar, nil)
}

// Approve approves an assessment in moderation, to be scheduled.
func (s *Store) Approve(ctx context.Context, u *peel.User, framework, organisation, pillar string) (*peel.Assessment, error) {
	return s.transition(ctx, u, peel.ActionApprove, framework, organisation, pillar, nil)
}

// Return returns an assessment in moderation to draft, with a comment that
// says why.
func (s *Store) Return(ctx context.Context, u *peel.User, framework, organisation, pillar, comment string) (*peel.Assessment, error) {
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return nil, peel.Errorf(peel.EINVALID, "returning an assessment needs a comment that says why")
	}
	return s.transition(ctx, u, peel.ActionReturn, framework, organisation, pillar, func(tx *tx, a *peel.Assessment) error {
		return addComment(ctx, tx, a, actAs(ctx, u), comment)
	})
}

// Schedule sets an approved (or scheduled) assessment's publication time:
// it is embargoed until then, by the database's clock, and public from
// that moment. A time gone by counts as now.
func (s *Store) Schedule(ctx context.Context, u *peel.User, framework, organisation, pillar string, at time.Time) (*peel.Assessment, error) {
	return s.transition(ctx, u, peel.ActionSchedule, framework, organisation, pillar, func(tx *tx, a *peel.Assessment) error {
		_, err := tx.exec(ctx, `UPDATE assessments SET publish_at = CASE WHEN ? > {{now}} THEN ? ELSE {{now}} END WHERE id = ?`,
			formatTime(at), formatTime(at), a.ID)
		return err
	})
}

// Publish publishes an approved or scheduled assessment now.
func (s *Store) Publish(ctx context.Context, u *peel.User, framework, organisation, pillar string) (*peel.Assessment, error) {
	return s.transition(ctx, u, peel.ActionPublish, framework, organisation, pillar, nil)
}

// Withdraw withdraws a published assessment: its page stays, with a banner
// that gives the reason.
func (s *Store) Withdraw(ctx context.Context, u *peel.User, framework, organisation, pillar, reason string) (*peel.Assessment, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, peel.Errorf(peel.EINVALID, "withdrawing an assessment needs a reason, which its page shows")
	}
	return s.transition(ctx, u, peel.ActionWithdraw, framework, organisation, pillar, func(tx *tx, a *peel.Assessment) error {
		_, err := tx.exec(ctx, `UPDATE assessments SET withdrawn_reason = ?, withdrawn_at = {{now}} WHERE id = ?`, reason, a.ID)
		return err
	})
}

// transition takes the action's step: it checks the user may, sets the
// step's status, does what else the step needs (then, when given), and
// records it in the audit log. It returns the assessment as it then stands.
func (s *Store) transition(ctx context.Context, u *peel.User, action peel.Action, framework, organisation, pillar string, then func(*tx, *peel.Assessment) error) (*peel.Assessment, error) {
	ctx = actAs(ctx, u)
	step, _ := peel.StepOf(action)
	var a *peel.Assessment
	err := s.inTx(ctx, func(tx *tx) error {
		old, err := findAssessment(ctx, tx, framework, organisation, pillar, false)
		if err != nil {
			return err
		}
		if err := peel.Allow(u, action, old); err != nil {
			return err
		}
		status := step.To
		if action == peel.ActionPublish {
			status = peel.StatusScheduled // and due now: publishDue publishes it below
		}
		if _, err := tx.exec(ctx, `UPDATE assessments SET status = ?, updated_at = {{now}} WHERE id = ?`, status, old.ID); err != nil {
			return err
		}
		if action == peel.ActionPublish {
			if _, err := tx.exec(ctx, `UPDATE assessments SET publish_at = {{now}} WHERE id = ?`, old.ID); err != nil {
				return err
			}
		}
		if then != nil {
			if err := then(tx, old); err != nil {
				return err
			}
		}
		if _, err := publishDue(ctx, tx); err != nil {
			return err
		}
		if a, err = findAssessment(ctx, tx, framework, organisation, pillar, false); err != nil {
			return err
		}
		if action == peel.ActionPublish {
			return nil // its new version's audit entry records it
		}
		return tx.audit(ctx, "assessment."+string(action), a.Path(), workflowState(old), workflowState(a))
	})
	return a, err
}

func workflowState(a *peel.Assessment) map[string]any {
	m := map[string]any{"version": a.Version, "status": a.Status}
	if a.PublishAt != nil {
		m["publishAt"] = a.PublishAt
	}
	if a.Withdrawn != "" {
		m["reason"] = a.Withdrawn
	}
	return m
}

// AddComment records the user's comment on the assessment's current
// version: a liaison's on their own force's assessment during the check,
// or anyone else's on an assessment not yet public.
func (s *Store) AddComment(ctx context.Context, u *peel.User, framework, organisation, pillar, body string) (*peel.Comment, error) {
	ctx = actAs(ctx, u)
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, peel.Errorf(peel.EINVALID, "a comment needs some text")
	}
	var c *peel.Comment
	err := s.inTx(ctx, func(tx *tx) error {
		a, err := findAssessment(ctx, tx, framework, organisation, pillar, false)
		if err != nil {
			return err
		}
		if err := peel.Allow(u, peel.ActionComment, a); err != nil {
			return err
		}
		if err := addComment(ctx, tx, a, ctx, body); err != nil {
			return err
		}
		c = &peel.Comment{Version: a.Version, Author: Actor(ctx), Body: body, At: tx.now}
		return nil
	})
	return c, err
}

func addComment(ctx context.Context, tx *tx, a *peel.Assessment, actor context.Context, body string) error {
	_, err := tx.insert(ctx, `INSERT INTO assessment_comments (assessment_id, version, author, body, created_at) VALUES (?, ?, ?, ?, ?)`,
		a.ID, a.Version, Actor(actor), body, formatTime(tx.now))
	if err != nil {
		return err
	}
	return tx.audit(ctx, "assessment.comment", a.Path(), nil, map[string]any{"version": a.Version, "comment": body})
}

// FindComments returns the comments on an assessment, oldest first, to a
// user who may read it as ReadAssessment lets them.
func (s *Store) FindComments(ctx context.Context, u *peel.User, framework, organisation, pillar string) ([]*peel.Comment, error) {
	if u == nil {
		return nil, peel.Errorf(peel.EFORBIDDEN, "sign in to read comments")
	}
	a, err := s.FindAssessment(ctx, framework, organisation, pillar)
	if err != nil {
		return nil, err
	}
	if u.Role == peel.RoleLiaison || !a.Status.Public() {
		if peel.Allow(u, peel.ActionReadDraft, a) != nil {
			return nil, peel.Errorf(peel.ENOTFOUND, "no assessment %s", a.Path())
		}
	}
	var list []*peel.Comment
	err = s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			c := &peel.Comment{}
			var at nullTime
			if err := scan(&c.ID, &c.Version, &c.Author, &c.Body, &at); err != nil {
				return err
			}
			c.At = *at.t
			list = append(list, c)
			return nil
		}, `SELECT id, version, author, body, created_at FROM assessment_comments WHERE assessment_id = ? ORDER BY id`, a.ID)
	})
	return list, err
}

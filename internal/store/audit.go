package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// AuditEntry is one change as the audit log records it.
type AuditEntry struct {
	ID      int64
	At      time.Time
	Actor   string // who made it: a user, the operator of the server's machine, or the scheduler
	Action  string // what was done, such as "assessment.version" or "notice.create"
	Subject string // what it was done to: an assessment's address, a notice's number, a framework's slug
	Before  string // JSON of what it was; "" for nothing
	After   string // JSON of what it became; "" for nothing
}

type actorKey struct{}

// WithActor names who makes the changes done with ctx, for the audit log.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// Actor is who makes the changes done with ctx: "unknown" when no one is
// named.
func Actor(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return "unknown"
}

// audit records a change in the same transaction as the change itself, so
// that there is never one without the other. before and after are made
// JSON; nil is nothing.
func (tx *tx) audit(ctx context.Context, action, subject string, before, after any) error {
	doc := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := doc(before)
	if err != nil {
		return err
	}
	a, err := doc(after)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO audit_log (at, actor, action, subject, before, after) VALUES (?, ?, ?, ?, ?, ?)`,
		formatTime(tx.now), Actor(ctx), action, subject, b, a)
	return err
}

// AuditFilter narrows FindAudit; zero fields match all.
type AuditFilter struct {
	Subject string // exactly
	Actor   string // exactly
	Offset  int    // skip the newest this many
	Limit   int    // the newest this many; 0 for all
}

// where is the filter's condition, with its arguments.
func (f AuditFilter) where() (string, []any) {
	var conds []string
	var args []any
	for _, c := range []struct{ value, cond string }{{f.Subject, "subject = ?"}, {f.Actor, "actor = ?"}} {
		if c.value != "" {
			conds, args = append(conds, c.cond), append(args, c.value)
		}
	}
	if conds == nil {
		return "", nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// CountAudit counts the entries of the audit log that match the filter,
// without its Offset and Limit.
func (s *Store) CountAudit(ctx context.Context, filter AuditFilter) (int, error) {
	where, args := filter.where()
	var n int
	err := s.readTx(ctx, func(tx *tx) error {
		return tx.queryRow(ctx, `SELECT COUNT(*) FROM audit_log `+where, args...).Scan(&n)
	})
	return n, err
}

// FindAudit returns the matching entries of the audit log, newest first.
func (s *Store) FindAudit(ctx context.Context, filter AuditFilter) ([]*AuditEntry, error) {
	where, args := filter.where()
	limit := ""
	if filter.Limit > 0 {
		limit, args = "LIMIT ? OFFSET ?", append(args, filter.Limit, filter.Offset)
	} else if filter.Offset > 0 {
		return nil, peel.Errorf(peel.EINVALID, "an offset into the audit log needs a limit")
	}
	var list []*AuditEntry
	err := s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			e := &AuditEntry{}
			var at nullTime
			var before, after *string
			if err := scan(&e.ID, &at, &e.Actor, &e.Action, &e.Subject, &before, &after); err != nil {
				return err
			}
			e.At = *at.t
			if before != nil {
				e.Before = *before
			}
			if after != nil {
				e.After = *after
			}
			list = append(list, e)
			return nil
		}, `SELECT id, at, actor, action, subject, before, after FROM audit_log `+where+` ORDER BY id DESC `+limit, args...)
	})
	return list, err
}

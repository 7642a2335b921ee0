package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// NoticeFilter narrows FindNotices; zero fields match all.
type NoticeFilter struct {
	ActiveAt *time.Time // only notices shown at this time
}

// CreateNotice stores a new notice and sets its ID.
func (s *Store) CreateNotice(ctx context.Context, n *peel.Notice) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *tx) (err error) {
		n.CreatedAt = tx.now
		n.ID, err = tx.insert(ctx, `INSERT INTO notices (title, body, display_from, display_until, created_at) VALUES (?, ?, ?, ?, ?)`,
			n.Title, n.Body, formatTimePtr(n.From), formatTimePtr(n.Until), formatTime(n.CreatedAt))
		if err != nil {
			return err
		}
		return tx.audit(ctx, "notice.create", noticeSubject(n.ID), nil, n)
	})
}

// FindNotices returns the matching notices, oldest first.
func (s *Store) FindNotices(ctx context.Context, filter NoticeFilter) ([]*peel.Notice, error) {
	var list []*peel.Notice
	err := s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			n := &peel.Notice{}
			var from, until, created nullTime
			if err := scan(&n.ID, &n.Title, &n.Body, &from, &until, &created); err != nil {
				return err
			}
			n.From, n.Until, n.CreatedAt = from.t, until.t, *created.t
			if filter.ActiveAt == nil || n.ActiveAt(*filter.ActiveAt) {
				list = append(list, n)
			}
			return nil
		}, `SELECT id, title, body, display_from, display_until, created_at FROM notices ORDER BY id`)
	})
	return list, err
}

// DeleteNotice removes a notice, or returns ENOTFOUND.
func (s *Store) DeleteNotice(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *tx) error {
		n := &peel.Notice{ID: id}
		var from, until, created nullTime
		err := tx.queryRow(ctx, `SELECT title, body, display_from, display_until, created_at FROM notices WHERE id = ?`, id).
			Scan(&n.Title, &n.Body, &from, &until, &created)
		if err == sql.ErrNoRows {
			return peel.Errorf(peel.ENOTFOUND, "no notice %d", id)
		} else if err != nil {
			return err
		}
		n.From, n.Until, n.CreatedAt = from.t, until.t, *created.t
		if _, err := tx.exec(ctx, `DELETE FROM notices WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "notice.remove", noticeSubject(id), n, nil)
	})
}

// noticeSubject is how the audit log names a notice.
func noticeSubject(id int64) string { return "notice " + strconv.FormatInt(id, 10) }

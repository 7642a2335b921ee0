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
	ActiveAt      *time.Time // only notices shown at this time
	MaintenanceAt *time.Time // only notices whose maintenance window holds this time
}

// CreateNotice stores a new notice and sets its ID.
func (s *Store) CreateNotice(ctx context.Context, n *peel.Notice) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *tx) (err error) {
		n.CreatedAt = tx.now
		n.ID, err = tx.insert(ctx, `INSERT INTO notices (title, body, display_from, display_until, maintenance_from, maintenance_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			n.Title, n.Body, formatTimePtr(n.From), formatTimePtr(n.Until), formatTimePtr(n.MaintenanceFrom), formatTimePtr(n.MaintenanceUntil), formatTime(n.CreatedAt))
		if err != nil {
			return err
		}
		return tx.audit(ctx, "notice.create", noticeSubject(n.ID), nil, n)
	})
}

const noticeColumns = `id, title, body, display_from, display_until, maintenance_from, maintenance_until, created_at`

func scanNotice(scan func(...any) error) (*peel.Notice, error) {
	n := &peel.Notice{}
	var from, until, mfrom, muntil, created nullTime
	if err := scan(&n.ID, &n.Title, &n.Body, &from, &until, &mfrom, &muntil, &created); err != nil {
		return nil, err
	}
	n.From, n.Until, n.MaintenanceFrom, n.MaintenanceUntil, n.CreatedAt = from.t, until.t, mfrom.t, muntil.t, *created.t
	return n, nil
}

// FindNotices returns the matching notices, oldest first.
func (s *Store) FindNotices(ctx context.Context, filter NoticeFilter) ([]*peel.Notice, error) {
	var list []*peel.Notice
	err := s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			n, err := scanNotice(scan)
			if err != nil {
				return err
			}
			if (filter.ActiveAt == nil || n.ActiveAt(*filter.ActiveAt)) && (filter.MaintenanceAt == nil || n.MaintenanceAt(*filter.MaintenanceAt)) {
				list = append(list, n)
			}
			return nil
		}, `SELECT `+noticeColumns+` FROM notices ORDER BY id`)
	})
	return list, err
}

func findNotice(ctx context.Context, tx *tx, id int64) (*peel.Notice, error) {
	n, err := scanNotice(tx.queryRow(ctx, `SELECT `+noticeColumns+` FROM notices WHERE id = ?`, id).Scan)
	if err == sql.ErrNoRows {
		return nil, peel.Errorf(peel.ENOTFOUND, "no notice %d", id)
	}
	return n, err
}

// EndNotice takes a notice down now, and ends its maintenance window now:
// a window not yet begun is dropped. It returns the notice as it then
// stands, or ENOTFOUND.
func (s *Store) EndNotice(ctx context.Context, id int64) (*peel.Notice, error) {
	var ended *peel.Notice
	err := s.inTx(ctx, func(tx *tx) error {
		old, err := findNotice(ctx, tx, id)
		if err != nil {
			return err
		}
		n, now := *old, tx.now
		if n.Until == nil || n.Until.After(now) {
			n.Until = &now
		}
		if n.From != nil && !n.From.Before(*n.Until) {
			n.From = nil // it never showed: ended, it shows never
		}
		switch {
		case n.MaintenanceFrom != nil && n.MaintenanceFrom.After(now):
			n.MaintenanceFrom, n.MaintenanceUntil = nil, nil
		case n.MaintenanceUntil != nil && n.MaintenanceUntil.After(now):
			n.MaintenanceUntil = &now
			if !n.MaintenanceFrom.Before(now) {
				n.MaintenanceFrom, n.MaintenanceUntil = nil, nil
			}
		}
		if _, err := tx.exec(ctx, `UPDATE notices SET display_from = ?, display_until = ?, maintenance_from = ?, maintenance_until = ? WHERE id = ?`,
			formatTimePtr(n.From), formatTimePtr(n.Until), formatTimePtr(n.MaintenanceFrom), formatTimePtr(n.MaintenanceUntil), id); err != nil {
			return err
		}
		ended = &n
		return tx.audit(ctx, "notice.end", noticeSubject(id), old, &n)
	})
	return ended, err
}

// DeleteNotice removes a notice, or returns ENOTFOUND.
func (s *Store) DeleteNotice(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *tx) error {
		n, err := findNotice(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM notices WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(ctx, "notice.remove", noticeSubject(id), n, nil)
	})
}

// noticeSubject is how the audit log names a notice.
func noticeSubject(id int64) string { return "notice " + strconv.FormatInt(id, 10) }

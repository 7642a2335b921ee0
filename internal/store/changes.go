package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"math"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// Change is one change the public saw: a version of an assessment that
// became public, and when.
type Change struct {
	Framework    string // slug
	Organisation string // slug
	Pillar       string // slug
	Version      int
	At           time.Time // when it became public
	Cursor       string    // where a list that ends with this change goes on from
}

// Path is the public address of the changed assessment.
func (c *Change) Path() string { return peel.AssessmentPath(c.Framework, c.Organisation, c.Pillar) }

// ChangesAfter is where a list of changes starts: after a time, or after a
// change, from its cursor.
type ChangesAfter struct {
	at      time.Time
	id      int64
	version int
}

// ChangesSince starts a list of changes after the time (to the
// millisecond, as times are stored).
func ChangesSince(t time.Time) ChangesAfter {
	// Every change at the time itself sorts before this one.
	return ChangesAfter{at: t.UTC().Truncate(time.Millisecond), id: math.MaxInt64}
}

// ParseChangeCursor reads a change's Cursor, or says it is not one.
func ParseChangeCursor(cursor string) (ChangesAfter, error) {
	var c ChangesAfter
	var at string
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil {
		_, err = fmt.Sscanf(string(raw), "%s %d %d", &at, &c.id, &c.version)
	}
	if err == nil {
		c.at, err = time.Parse(time.RFC3339Nano, at)
	}
	if err != nil {
		return c, peel.Errorf(peel.EINVALID, "cursor: %q is not a cursor from a list of changes", cursor)
	}
	return c, nil
}

func (c ChangesAfter) String() string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s %d %d", formatTime(c.at), c.id, c.version))
}

// FindChanges returns, oldest first, at most limit changes that became
// public after the given point: each published version of an assessment,
// at the time it was stored, which for a scheduled publication is its
// publication time. A scheduled assessment that is due by the database's
// clock but not yet recorded by the publisher is there too, as the version
// the publisher will record at that time; one not yet due is not.
func (s *Store) FindChanges(ctx context.Context, after ChangesAfter, limit int) ([]*Change, error) {
	var list []*Change
	at := formatTime(after.at)
	err := s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			c := &Change{}
			var when nullTime
			var id int64
			if err := scan(&when, &id, &c.Version, &c.Framework, &c.Organisation, &c.Pillar); err != nil {
				return err
			}
			c.At = when.t.UTC()
			c.Cursor = ChangesAfter{at: c.At, id: id, version: c.Version}.String()
			list = append(list, c)
			return nil
		}, `
			SELECT c.changed_at, c.assessment_id, c.version, f.slug, o.slug, p.slug
			FROM (
				SELECT assessment_id, version, created_at AS changed_at FROM assessment_versions WHERE status = 'published'
				UNION ALL
				SELECT a.id, a.version + 1, a.publish_at FROM assessments a WHERE `+due+`
			) c
			JOIN assessments a ON a.id = c.assessment_id
			JOIN organisations o ON o.id = a.organisation_id
			JOIN pillars p ON p.id = a.pillar_id
			JOIN frameworks f ON f.id = p.framework_id
			WHERE c.changed_at > ? OR (c.changed_at = ? AND (c.assessment_id > ? OR (c.assessment_id = ? AND c.version > ?)))
			ORDER BY c.changed_at, c.assessment_id, c.version
			LIMIT ?`, at, at, after.id, after.id, after.version, limit)
	})
	return list, err
}

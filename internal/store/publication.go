package store

import (
	"context"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// PublishAssessment publishes a draft or scheduled assessment now, or, with
// a time still to come by the database's clock, schedules it for then. It
// returns the assessment as it then stands.
func (s *Store) PublishAssessment(ctx context.Context, framework, organisation, pillar string, at *time.Time) (*peel.Assessment, error) {
	var a *peel.Assessment
	err := s.inTx(ctx, func(tx *tx) error {
		old, err := findAssessment(ctx, tx, framework, organisation, pillar, false)
		if err != nil {
			return err
		} else if old.Status.Public() {
			return peel.Errorf(peel.ECONFLICT, "%s is %s already", old.Path(), old.Status)
		}
		// Now is a time that has come: scheduled for now, it is published
		// by the same transaction, as any other that is due.
		if at == nil {
			_, err = tx.exec(ctx, `UPDATE assessments SET status = 'scheduled', publish_at = {{now}} WHERE id = ?`, old.ID)
		} else {
			// A time gone by is now: the page was not public then.
			_, err = tx.exec(ctx, `UPDATE assessments SET status = 'scheduled', publish_at = CASE WHEN ? > {{now}} THEN ? ELSE {{now}} END WHERE id = ?`,
				formatTime(*at), formatTime(*at), old.ID)
		}
		if err != nil {
			return err
		}
		if _, err := publishDue(ctx, tx); err != nil {
			return err
		}
		if a, err = findAssessment(ctx, tx, framework, organisation, pillar, false); err != nil || a.Status != peel.StatusScheduled {
			return err // published now, as its new version records
		}
		return tx.audit(ctx, "assessment.schedule", a.Path(), map[string]any{"status": old.Status, "publishAt": old.PublishAt},
			map[string]any{"status": a.Status, "publishAt": a.PublishAt})
	})
	return a, err
}

// PublishDue records the publication of every scheduled assessment whose
// time has come: each becomes published, as of its scheduled time, with a
// new version; and of every other publication due (see
// PublishPublication). Servers sharing a database may all call it at
// once: each publication is recorded by exactly one of them. It returns
// the assessments it published.
func (s *Store) PublishDue(ctx context.Context) ([]*peel.Assessment, error) {
	var list []*peel.Assessment
	err := s.inTx(ctx, func(tx *tx) (err error) {
		if list, err = publishDue(ctx, tx); err != nil {
			return err
		}
		return publishDuePublications(ctx, tx)
	})
	return list, err
}

func publishDue(ctx context.Context, tx *tx) ([]*peel.Assessment, error) {
	// The row lock that the UPDATE takes makes a second server's UPDATE
	// wait, then find the row no longer scheduled.
	var ids []int64
	err := scanRows(ctx, tx, func(scan func(...any) error) error {
		var id int64
		if err := scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	}, `
		UPDATE assessments
		SET status = 'published', published_at = publish_at, publish_at = NULL, version = version + 1, updated_at = {{now}}
		WHERE status = 'scheduled' AND publish_at <= {{now}}
		RETURNING id`)
	if err != nil {
		return nil, err
	}
	var list []*peel.Assessment
	for _, id := range ids {
		found, err := findAssessments(ctx, tx, AssessmentFilter{id: id})
		if err != nil {
			return nil, err
		}
		a := found[0]
		if err := findNarrative(ctx, tx, a); err != nil {
			return nil, err
		}
		if err := writeVersion(ctx, tx, a, *a.PublishedAt, ""); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, nil
}

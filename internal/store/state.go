package store

import (
	"context"
	"time"
)

// SiteState is what a server needs to tell whether pages it rendered are
// still current.
type SiteState struct {
	// Generation moves on with every committed write transaction that
	// changed something, made by any process sharing the database.
	Generation int64
	// NextChange is the next time the public site changes by the clock
	// alone, with no write: a scheduled publication comes due, a notice is
	// shown or taken down, a maintenance window opens or closes. Nil when
	// nothing is due to.
	NextChange *time.Time
}

// SiteState reads the site's generation and its next change by the clock,
// in one snapshot.
func (s *Store) SiteState(ctx context.Context) (SiteState, error) {
	var st SiteState
	err := s.readTx(ctx, func(tx *tx) error {
		if err := tx.queryRow(ctx, `SELECT generation FROM site_state`).Scan(&st.Generation); err != nil {
			return err
		}
		var next nullTime
		err := tx.queryRow(ctx, `
			SELECT MIN(t) FROM (
				SELECT publish_at AS t FROM assessments WHERE status = 'scheduled' AND publish_at > {{now}}
				UNION ALL SELECT publish_at FROM publications WHERE status = 'scheduled' AND publish_at > {{now}}
				UNION ALL SELECT display_from FROM notices WHERE display_from > {{now}}
				UNION ALL SELECT display_until FROM notices WHERE display_until > {{now}}
				UNION ALL SELECT maintenance_from FROM notices WHERE maintenance_from > {{now}}
				UNION ALL SELECT maintenance_until FROM notices WHERE maintenance_until > {{now}}
			) times`).Scan(&next)
		st.NextChange = next.t
		return err
	})
	return st, err
}

// Changes counts the write transactions committed through this Store that
// changed something: a change made by this process shows here at once,
// without a read of the database.
func (s *Store) Changes() int64 { return s.changes.Load() }

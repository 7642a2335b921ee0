package store

// Statutory responses to reports (see peel.Response). What is due is read
// from the public reports themselves, by the database's clock, so that
// nothing of an unpublished report shows; only a recorded response is
// stored.

import (
	"context"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// reportsDue are the reports whose responses are due, one row for each
// report and organisation: every published assessment (titled as lists
// title it: "Kent PEEL 2016: Legitimacy"), and every
// published publication for each organisation it covers. A withdrawn
// report is no longer due a response. Columns: path, title, organisation
// id, slug and name, and when the report became public.
const reportsDue = `
	SELECT '/peel-assessments/' || f.slug || '/' || o.slug || '/' || pl.slug AS path,
		o.short_name || ' ' || f.programme || ' ' || f.cycle || ': ' || pl.name AS title, o.id AS organisation_id, o.slug AS organisation, o.name AS organisation_name,
		CASE WHEN ` + due + ` THEN a.publish_at ELSE a.published_at END AS published_at
	FROM assessments a
	JOIN organisations o ON o.id = a.organisation_id
	JOIN pillars pl ON pl.id = a.pillar_id
	JOIN frameworks f ON f.id = pl.framework_id
	WHERE (a.status = 'published' OR ` + due + `)
	UNION ALL
	SELECT '/publications/' || p.slug, p.title, o.id, o.slug, o.name,
		CASE WHEN ` + pubDue + ` THEN p.publish_at ELSE p.published_at END
	FROM publications p
	JOIN publication_organisations po ON po.publication_id = p.id
	JOIN organisations o ON o.id = po.organisation_id
	WHERE (p.status = 'published' OR ` + pubDue + `)`

// ResponseFilter narrows FindResponses; zero fields match all.
type ResponseFilter struct {
	Organisation string              // slug
	Report       string              // the report's path
	Status       peel.ResponseStatus // due, overdue or received, on the UK day of Now
	Now          time.Time           // when the status is reckoned; zero for the store's clock
	Offset       int
	Limit        int // 0 for no limit
}

// FindResponses returns one page of the responses due, overdue and
// received for public reports, the soonest due first, and how many match
// in all. Their status is reckoned on the UK day of filter.Now.
func (s *Store) FindResponses(ctx context.Context, filter ResponseFilter) ([]*peel.Response, int, error) {
	var list []*peel.Response
	var total int
	err := s.readTx(ctx, func(tx *tx) (err error) {
		list, total, err = findResponses(ctx, tx, filter)
		return err
	})
	return list, total, err
}

// ResponseNow is the time by which the store reckons responses' status.
func (s *Store) ResponseNow() time.Time { return s.now() }

// findResponses reads the responses; a status is a condition on when the
// report became public (see peel.OverdueBefore), so that the database
// counts and pages them.
func findResponses(ctx context.Context, tx *tx, filter ResponseFilter) ([]*peel.Response, int, error) {
	now := filter.Now
	if now.IsZero() {
		now = tx.now
	}
	conds, args := []string{"r.published_at IS NOT NULL"}, []any{}
	if filter.Organisation != "" {
		conds, args = append(conds, "r.organisation = ?"), append(args, filter.Organisation)
	}
	if filter.Report != "" {
		conds, args = append(conds, "r.path = ?"), append(args, filter.Report)
	}
	switch filter.Status {
	case "":
	case peel.ResponseDueStatus:
		conds, args = append(conds, "x.url IS NULL AND r.published_at >= ?"), append(args, formatTime(peel.OverdueBefore(now)))
	case peel.ResponseOverdueStatus:
		conds, args = append(conds, "x.url IS NULL AND r.published_at < ?"), append(args, formatTime(peel.OverdueBefore(now)))
	case peel.ResponseReceived:
		conds = append(conds, "x.url IS NOT NULL")
	default:
		return nil, 0, peel.Errorf(peel.EINVALID, "status: %q is not one of due, overdue, received", filter.Status)
	}
	from := `
		FROM (` + reportsDue + `) r
		LEFT JOIN responses x ON x.report = r.path AND x.organisation_id = r.organisation_id
		WHERE ` + strings.Join(conds, " AND ")
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) `+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	page := ""
	if filter.Limit > 0 {
		page, args = `LIMIT ? OFFSET ?`, append(args, filter.Limit, filter.Offset)
	}
	var list []*peel.Response
	err := scanRows(ctx, tx, func(scan func(...any) error) error {
		r := &peel.Response{}
		var published, recorded nullTime
		if err := scan(&r.Report, &r.ReportTitle, &r.Organisation, &r.OrganisationName, &published,
			&r.URL, date{&r.Date}, &r.RecordedBy, &recorded); err != nil {
			return err
		}
		r.PublishedAt, r.RecordedAt = *published.t, recorded.t
		list = append(list, r)
		return nil
	}, `
		SELECT r.path, r.title, r.organisation, r.organisation_name, r.published_at,
			COALESCE(x.url, ''), x.responded_on, COALESCE(x.recorded_by, ''), x.recorded_at`+from+`
		ORDER BY r.published_at, r.path, r.organisation
		`+page, args...)
	return list, total, err
}

// RecordResponse records, or corrects, the response of the organisation
// to a public report: its address and the day it was published, which is
// neither before the report's own day nor after today. u may record it as
// peel.MayRecordResponse says; nil is the operator.
func (s *Store) RecordResponse(ctx context.Context, u *peel.User, report, organisation, url string, day peel.Date) (*peel.Response, error) {
	url = strings.TrimSpace(url)
	if err := peel.MayRecordResponse(u, organisation); err != nil {
		return nil, err
	} else if err := peel.ValidResponseURL(url); err != nil {
		return nil, err
	} else if day.IsZero() {
		return nil, peel.Errorf(peel.EINVALID, "date: give the day the response was published")
	}
	var r *peel.Response
	err := s.inTx(ctx, func(tx *tx) error {
		list, _, err := findResponses(ctx, tx, ResponseFilter{Organisation: organisation, Report: report})
		if err != nil {
			return err
		} else if len(list) == 0 {
			return peel.Errorf(peel.ENOTFOUND, "no public report %q on organisation %q", report, organisation)
		}
		old := list[0]
		switch {
		case day.Before(peel.UKDate(old.PublishedAt).Time):
			return peel.Errorf(peel.EINVALID, "date: %s is before the report was published (%s)", day, peel.UKDate(old.PublishedAt))
		case day.After(peel.UKDate(tx.now).Time):
			return peel.Errorf(peel.EINVALID, "date: %s is still to come", day)
		}
		var id int64
		if err := tx.queryRow(ctx, `SELECT id FROM organisations WHERE slug = ?`, organisation).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM responses WHERE report = ? AND organisation_id = ?`, report, id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO responses (report, organisation_id, url, responded_on, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`,
			report, id, url, formatDate(day), Actor(ctx), formatTime(tx.now)); err != nil {
			return err
		}
		if list, _, err = findResponses(ctx, tx, ResponseFilter{Organisation: organisation, Report: report}); err != nil {
			return err
		}
		r = list[0]
		var before any
		if old.Received() {
			before = responseState(old)
		}
		return tx.audit(ctx, "response.record", report+"#"+organisation, before, responseState(r))
	})
	return r, err
}

func responseState(r *peel.Response) map[string]any {
	return map[string]any{"report": r.Report, "organisation": r.Organisation, "url": r.URL, "date": r.Date}
}

// ResponseReports lists the public reports that start a response's
// clock, each once (Href its path), the most recently public first: the
// choices of a filter of responses by report.
func (s *Store) ResponseReports(ctx context.Context) ([]peel.Link, error) {
	var list []peel.Link
	err := s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			var l peel.Link
			var published nullTime
			err := scan(&l.Href, &l.Title, &published)
			list = append(list, l)
			return err
		}, `SELECT r.path, r.title, MIN(r.published_at) AS published_at FROM (`+reportsDue+`) r
			WHERE r.published_at IS NOT NULL GROUP BY r.path, r.title ORDER BY MIN(r.published_at) DESC, r.title`)
	})
	return list, err
}

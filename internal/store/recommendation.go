package store

// Recommendations and each addressed organisation's status history.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// recPublic is true of a recommendation r the public may see now: one
// whose publication or assessment is public, by the same predicates.
const recPublic = `(EXISTS (SELECT 1 FROM publications p WHERE p.id = r.publication_id AND ` + pubPublic + `)
	OR EXISTS (SELECT 1 FROM assessments a WHERE a.id = r.assessment_id AND ` + isPublic + `))`

// recIssuedIn names what a recommendation r was issued in: a
// publication's slug or an assessment's framework/organisation/pillar.
const recIssuedIn = `COALESCE((SELECT p.slug FROM publications p WHERE p.id = r.publication_id),
	(SELECT f.slug || '/' || o.slug || '/' || pl.slug FROM assessments a
		JOIN organisations o ON o.id = a.organisation_id
		JOIN pillars pl ON pl.id = a.pillar_id
		JOIN frameworks f ON f.id = pl.framework_id
		WHERE a.id = r.assessment_id))`

// recLatest is the status of an addressee ro's newest history entry.
const recLatest = `(SELECT h.status FROM recommendation_history h
	WHERE h.recommendation_id = ro.recommendation_id AND h.organisation_id = ro.organisation_id
	ORDER BY h.id DESC LIMIT 1)`

// RecommendationFilter narrows FindRecommendations; zero fields match all.
type RecommendationFilter struct {
	Organisation string           // slug: addressed to it
	Theme        string           // exactly
	Statuses     []peel.RecStatus // an addressee (the Organisation, if given) stands at one of them
	IssuedIn     string           // publication slug or framework/organisation/pillar
	DueBefore    peel.Date        // due on or before
	DueAfter     peel.Date        // due on or after
	Public       bool             // only what the public may see now
	Offset       int
	Limit        int // 0 for no limit

	id int64
}

// RecommendationError refuses a list of recommendations for one of them:
// Index is its place in the list. Its code is its cause's.
type RecommendationError struct {
	Index int
	Err   error
}

func (e *RecommendationError) Error() string { return e.Err.Error() }
func (e *RecommendationError) Unwrap() error { return e.Err }

// SaveRecommendations stores recommendations, all or nothing: one without
// an ID is created, each addressee starting its history awaiting review;
// one with an ID is changed (text, theme, due date, where it was issued)
// and may gain addressees, never lose one, as their history stays.
// The IDs of created ones are set.
func (s *Store) SaveRecommendations(ctx context.Context, list []*peel.Recommendation) error {
	for i, r := range list {
		if err := r.Validate(); err != nil {
			return &RecommendationError{i, err}
		}
	}
	return s.inTx(ctx, func(tx *tx) error {
		for i, r := range list {
			if err := saveRecommendation(ctx, tx, r); err != nil {
				return &RecommendationError{i, err}
			}
		}
		return nil
	})
}

func saveRecommendation(ctx context.Context, tx *tx, r *peel.Recommendation) error {
	var pubID, assessID any
	if r.IssuedInAssessment() {
		parts := strings.Split(r.IssuedIn, "/")
		a, err := findAssessment(ctx, tx, parts[0], parts[1], parts[2], false)
		if peel.ErrorCode(err) == peel.ENOTFOUND {
			return peel.Errorf(peel.EINVALID, "issued_in: no assessment %s", r.IssuedIn)
		} else if err != nil {
			return err
		}
		assessID = a.ID
	} else {
		p, err := findPublication(ctx, tx, r.IssuedIn)
		if peel.ErrorCode(err) == peel.ENOTFOUND {
			return peel.Errorf(peel.EINVALID, "issued_in: no publication %s", r.IssuedIn)
		} else if err != nil {
			return err
		}
		pubID = p.ID
	}
	orgs, err := addressedOrganisations(ctx, tx, r)
	if err != nil {
		return err
	}
	var old *peel.Recommendation
	if r.ID == 0 {
		r.ID, err = tx.insert(ctx, `INSERT INTO recommendations (text, theme, due_on, publication_id, assessment_id, all_forces, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.Text, r.Theme, formatDate(r.Due), pubID, assessID, r.AllForces, formatTime(tx.now), formatTime(tx.now))
		if err != nil {
			return err
		}
	} else {
		if old, err = findRecommendation(ctx, tx, r.ID, false); err != nil {
			return err
		}
		for _, a := range old.Addressees {
			if _, ok := orgs[a.Organisation]; !ok {
				return peel.Errorf(peel.EINVALID, "organisations: %s cannot be dropped from recommendation %d: its history stays (mark it superseded instead)", a.Organisation, r.ID)
			}
		}
		if old.Text != r.Text || old.Theme != r.Theme || !old.Due.Equal(r.Due.Time) || old.IssuedIn != r.IssuedIn || old.AllForces != r.AllForces {
			if _, err := tx.exec(ctx, `UPDATE recommendations SET text = ?, theme = ?, due_on = ?, publication_id = ?, assessment_id = ?, all_forces = ?, updated_at = ? WHERE id = ?`,
				r.Text, r.Theme, formatDate(r.Due), pubID, assessID, r.AllForces, formatTime(tx.now), r.ID); err != nil {
				return err
			}
		}
	}
	slugs := make([]string, 0, len(orgs))
	for slug := range orgs {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs)
	for _, slug := range slugs {
		if old != nil && old.Addressee(slug) != nil {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO recommendation_organisations (recommendation_id, organisation_id) VALUES (?, ?)`, r.ID, orgs[slug]); err != nil {
			return err
		}
		if err := insertEntry(ctx, tx, r.ID, orgs[slug], &peel.Entry{Kind: peel.EntryStatus, Status: peel.RecAwaitingReview}); err != nil {
			return err
		}
	}
	now, err := findRecommendation(ctx, tx, r.ID, false)
	if err != nil {
		return err
	}
	if old == nil {
		return tx.audit(ctx, "recommendation.create", now.Path(), nil, recommendationState(now))
	}
	before, after := recommendationState(old), recommendationState(now)
	if fmt.Sprint(before) == fmt.Sprint(after) {
		return nil
	}
	return tx.audit(ctx, "recommendation.update", now.Path(), before, after)
}

func recommendationState(r *peel.Recommendation) map[string]any {
	orgs := make([]string, len(r.Addressees))
	for i, a := range r.Addressees {
		orgs[i] = a.Organisation
	}
	return map[string]any{"text": r.Text, "theme": r.Theme, "due": r.Due.String(), "issuedIn": r.IssuedIn, "allForces": r.AllForces, "organisations": orgs}
}

// addressedOrganisations returns the ids of the organisations r is
// addressed to, by slug: every territorial force for all forces.
func addressedOrganisations(ctx context.Context, tx *tx, r *peel.Recommendation) (map[string]int64, error) {
	orgs := map[string]int64{}
	if r.AllForces {
		err := scanRows(ctx, tx, func(scan func(...any) error) error {
			var slug string
			var id int64
			err := scan(&slug, &id)
			orgs[slug] = id
			return err
		}, `SELECT slug, id FROM organisations WHERE kind = ?`, peel.KindTerritorialForce)
		return orgs, err
	}
	for _, slug := range r.Organisations {
		var id int64
		err := tx.queryRow(ctx, `SELECT id FROM organisations WHERE slug = ?`, slug).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, peel.Errorf(peel.EINVALID, "organisations: no organisation %s", slug)
		} else if err != nil {
			return nil, err
		}
		orgs[slug] = id
	}
	return orgs, nil
}

func insertEntry(ctx context.Context, tx *tx, recID, orgID int64, e *peel.Entry) error {
	e.At, e.Actor = tx.now, Actor(ctx)
	evidence, err := json.Marshal(nonNil(e.Evidence))
	if err != nil {
		return err
	}
	e.ID, err = tx.insert(ctx, `INSERT INTO recommendation_history (recommendation_id, organisation_id, at, actor, kind, status, comment, evidence, verdict)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, recID, orgID, formatTime(e.At), e.Actor, e.Kind, e.Status, e.Comment, string(evidence), e.Verdict)
	return err
}

// AddEntry adds an entry to an addressed organisation's history, as the
// user: a liaison their own force's progress, an inspector a status or a
// review of the force's last update. A liaison learns nothing of a
// recommendation that is not public (ENOTFOUND). A review takes the
// status of the update it reviews when it names none. It returns the
// recommendation as it then stands.
func (s *Store) AddEntry(ctx context.Context, u *peel.User, id int64, organisation string, e *peel.Entry) (*peel.Recommendation, error) {
	var r *peel.Recommendation
	err := s.inTx(ctx, func(tx *tx) (err error) {
		liaison := u != nil && u.Role == peel.RoleLiaison
		if r, err = findRecommendation(ctx, tx, id, liaison); err != nil {
			return err
		}
		if err := peel.AllowEntry(u, organisation, e); err != nil {
			return err
		}
		a := r.Addressee(organisation)
		if a == nil {
			return peel.Errorf(peel.ENOTFOUND, "recommendation %d is not addressed to %s", id, organisation)
		}
		if e.Kind == peel.EntryReview {
			if last := a.Latest(); last.Kind != peel.EntryProgress {
				return peel.Errorf(peel.ECONFLICT, "%s has no update on recommendation %d waiting for review", organisation, id)
			} else if e.Status == "" {
				e.Status = last.Status
			}
		}
		if err := e.Validate(); err != nil {
			return err
		}
		var orgID int64
		if err := tx.queryRow(ctx, `SELECT id FROM organisations WHERE slug = ?`, organisation).Scan(&orgID); err != nil {
			return err
		}
		if err := insertEntry(ctx, tx, id, orgID, e); err != nil {
			return err
		}
		if err := tx.audit(ctx, "recommendation."+string(e.Kind), r.Path()+"/"+organisation, a.Latest(), e); err != nil {
			return err
		}
		r, err = findRecommendation(ctx, tx, id, false)
		return err
	})
	return r, err
}

// FindRecommendation returns a recommendation with every addressee's
// history, or ENOTFOUND; with public, only one the public may see now.
func (s *Store) FindRecommendation(ctx context.Context, id int64, public bool) (*peel.Recommendation, error) {
	var r *peel.Recommendation
	err := s.readTx(ctx, func(tx *tx) (err error) {
		r, err = findRecommendation(ctx, tx, id, public)
		return err
	})
	return r, err
}

func findRecommendation(ctx context.Context, tx *tx, id int64, public bool) (*peel.Recommendation, error) {
	list, _, err := findRecommendations(ctx, tx, RecommendationFilter{id: id, Public: public})
	if err != nil {
		return nil, err
	} else if len(list) == 0 || id == 0 {
		return nil, peel.Errorf(peel.ENOTFOUND, "no recommendation %d", id)
	}
	return list[0], nil
}

// FindRecommendations returns one page of the matching recommendations,
// newest first, each with every addressee's history, and how many match
// in all.
func (s *Store) FindRecommendations(ctx context.Context, filter RecommendationFilter) ([]*peel.Recommendation, int, error) {
	var list []*peel.Recommendation
	var total int
	err := s.readTx(ctx, func(tx *tx) (err error) {
		list, total, err = findRecommendations(ctx, tx, filter)
		return err
	})
	return list, total, err
}

func findRecommendations(ctx context.Context, tx *tx, filter RecommendationFilter) ([]*peel.Recommendation, int, error) {
	conds, args := []string{"1 = 1"}, []any{}
	for _, c := range []struct {
		given bool
		cond  string
		value any
	}{
		{filter.id != 0, `r.id = ?`, filter.id},
		{filter.Theme != "", `r.theme = ?`, filter.Theme},
		{filter.IssuedIn != "", `r.issued_in = ?`, filter.IssuedIn},
		{!filter.DueBefore.IsZero(), `r.due_on <= ?`, formatDate(filter.DueBefore)},
		{!filter.DueAfter.IsZero(), `r.due_on >= ?`, formatDate(filter.DueAfter)},
	} {
		if c.given {
			conds, args = append(conds, c.cond), append(args, c.value)
		}
	}
	if filter.Organisation != "" || len(filter.Statuses) > 0 {
		sub := `EXISTS (SELECT 1 FROM recommendation_organisations ro JOIN organisations o ON o.id = ro.organisation_id WHERE ro.recommendation_id = r.id`
		if filter.Organisation != "" {
			sub, args = sub+` AND o.slug = ?`, append(args, filter.Organisation)
		}
		if len(filter.Statuses) > 0 {
			sub, args = sub+` AND `+recLatest+` IN (`+placeholders(len(filter.Statuses))+`)`, append(args, anys(filter.Statuses)...)
		}
		conds = append(conds, sub+`)`)
	}
	if filter.Public {
		conds = append(conds, recPublic)
	}
	from := `(SELECT r.*, ` + recIssuedIn + ` AS issued_in FROM recommendations r) r`
	where := strings.Join(conds, " AND ")
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+from+` WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	page := ""
	if filter.Limit > 0 {
		page, args = `LIMIT ? OFFSET ?`, append(args, filter.Limit, filter.Offset)
	}
	var list []*peel.Recommendation
	byID := map[int64]*peel.Recommendation{}
	err := scanRows(ctx, tx, func(scan func(...any) error) error {
		r := &peel.Recommendation{}
		if err := scan(&r.ID, &r.Text, &r.Theme, date{&r.Due}, &r.IssuedIn, &r.AllForces); err != nil {
			return err
		}
		list = append(list, r)
		byID[r.ID] = r
		return nil
	}, `SELECT r.id, r.text, r.theme, r.due_on, r.issued_in, r.all_forces FROM `+from+` WHERE `+where+` ORDER BY r.id DESC `+page, args...)
	if err != nil || len(list) == 0 {
		return list, total, err
	}
	ids := make([]any, 0, len(list))
	for _, r := range list {
		ids = append(ids, r.ID)
	}
	err = scanRows(ctx, tx, func(scan func(...any) error) error {
		var id int64
		var a peel.Addressee
		if err := scan(&id, &a.Organisation, &a.Name); err != nil {
			return err
		}
		byID[id].Addressees = append(byID[id].Addressees, a)
		return nil
	}, `SELECT ro.recommendation_id, o.slug, o.name FROM recommendation_organisations ro JOIN organisations o ON o.id = ro.organisation_id
		WHERE ro.recommendation_id IN (`+placeholders(len(ids))+`) ORDER BY ro.recommendation_id, o.name`, ids...)
	if err != nil {
		return nil, 0, err
	}
	err = scanRows(ctx, tx, func(scan func(...any) error) error {
		var id int64
		var org, evidence string
		var at nullTime
		var e peel.Entry
		if err := scan(&id, &org, &e.ID, &at, &e.Actor, &e.Kind, &e.Status, &e.Comment, &evidence, &e.Verdict); err != nil {
			return err
		}
		if at.t != nil {
			e.At = at.t.UTC()
		}
		if err := json.Unmarshal([]byte(evidence), &e.Evidence); err != nil {
			return fmt.Errorf("recommendation %d: evidence: %w", id, err)
		}
		if len(e.Evidence) == 0 {
			e.Evidence = nil
		}
		if a := byID[id].Addressee(org); a != nil {
			a.History = append(a.History, e)
		}
		return nil
	}, `SELECT h.recommendation_id, o.slug, h.id, h.at, h.actor, h.kind, h.status, h.comment, h.evidence, h.verdict
		FROM recommendation_history h JOIN organisations o ON o.id = h.organisation_id
		WHERE h.recommendation_id IN (`+placeholders(len(ids))+`) ORDER BY h.id`, ids...)
	return list, total, err
}

// RecommendationThemes lists the themes of the recommendations (only
// public ones with public), for a filter's choices.
func (s *Store) RecommendationThemes(ctx context.Context, public bool) ([]string, error) {
	var list []string
	err := s.readTx(ctx, func(tx *tx) error {
		where := ""
		if public {
			where = `WHERE ` + recPublic
		}
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			var t string
			err := scan(&t)
			list = append(list, t)
			return err
		}, `SELECT DISTINCT r.theme FROM recommendations r `+where+` ORDER BY r.theme`)
	})
	return list, err
}

// StaleFilter narrows FindStaleAddressees.
type StaleFilter struct {
	Before       time.Time // the latest entry was made before it (peel.StaleBefore)
	Organisation string    // slug: only its rows
	Public       bool      // only recommendations the public may see now
	Offset       int
	Limit        int // 0 for no limit
}

// FindStaleAddressees returns one page of the addressees still open
// (awaiting review or being progressed) whose latest entry was made
// before filter.Before, the oldest update first, and how many there are
// in all.
func (s *Store) FindStaleAddressees(ctx context.Context, filter StaleFilter) ([]*peel.StaleAddressee, int, error) {
	conds := []string{`h.status IN (?, ?)`, `h.at < ?`}
	args := []any{peel.RecAwaitingReview, peel.RecBeingProgressed, formatTime(filter.Before)}
	if filter.Organisation != "" {
		conds, args = append(conds, `o.slug = ?`), append(args, filter.Organisation)
	}
	if filter.Public {
		conds = append(conds, recPublic)
	}
	from := `recommendation_organisations ro
		JOIN organisations o ON o.id = ro.organisation_id
		JOIN recommendations r ON r.id = ro.recommendation_id
		JOIN recommendation_history h ON h.id = (SELECT MAX(l.id) FROM recommendation_history l
			WHERE l.recommendation_id = ro.recommendation_id AND l.organisation_id = ro.organisation_id)
		WHERE ` + strings.Join(conds, " AND ")
	var list []*peel.StaleAddressee
	var total int
	err := s.readTx(ctx, func(tx *tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+from, args...).Scan(&total); err != nil {
			return err
		}
		page, args := "", args
		if filter.Limit > 0 {
			page, args = ` LIMIT ? OFFSET ?`, append(args, filter.Limit, filter.Offset)
		}
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			a := &peel.StaleAddressee{}
			var at nullTime
			if err := scan(&a.Recommendation, &a.Text, date{&a.Due}, &a.Organisation, &a.Name, &a.Latest.ID, &at, &a.Latest.Kind, &a.Latest.Status); err != nil {
				return err
			}
			if at.t != nil {
				a.Latest.At = at.t.UTC()
			}
			list = append(list, a)
			return nil
		}, `SELECT r.id, r.text, r.due_on, o.slug, o.name, h.id, h.at, h.kind, h.status FROM `+from+`
			ORDER BY h.at, r.id, o.name`+page, args...)
	})
	return list, total, err
}

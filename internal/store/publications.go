package store

// Publications other than assessments, and the outcomes of follow-up
// reviews. (publication.go is the publishing of assessments.)

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// pubDue and pubPublic are due and isPublic for publications p: a
// scheduled publication whose time has come reads as published, by the
// database's clock, before the publisher records it.
const (
	pubDue    = `(p.status = 'scheduled' AND p.publish_at <= {{now}})`
	pubPublic = `(p.status IN ('published', 'withdrawn') OR ` + pubDue + `)`
)

const publicationColumns = `p.id, p.slug, p.title, p.kind, p.published_on, p.summary, p.body, p.links,
	CASE WHEN ` + pubDue + ` THEN 'published' ELSE p.status END,
	CASE WHEN ` + pubDue + ` THEN NULL ELSE p.publish_at END,
	CASE WHEN ` + pubDue + ` THEN p.publish_at ELSE p.published_at END,
	COALESCE(p.withdrawn_reason, ''), p.version, p.updated_at`

// PublicationFilter narrows FindPublications; zero fields match all.
type PublicationFilter struct {
	Kind         peel.PublicationKind
	Organisation string // slug: publications that cover it or record its outcome
	Public       bool   // only what the public may see now, by the database's clock
	Recent       bool   // the last changed first, rather than the newest by date
	Offset       int
	Limit        int // 0 for no limit

	slug string
}

// OutcomeFilter narrows FindOutcomes; zero fields match all.
type OutcomeFilter struct {
	Publication  string // slug
	Organisation string // slug
	Public       bool   // only outcomes of publications the public may see now
}

// ImportPublication stores a publication, all or nothing, by its slug: a
// new one as a draft; one stored already keeps its status (a public one is
// corrected in place). Importing what is stored changes nothing. A point of
// a review's scale that an outcome uses cannot be taken off the scale.
// Each create or change is a new version of the publication.
func (s *Store) ImportPublication(ctx context.Context, p *peel.Publication) (ImportResult, error) {
	var res ImportResult
	err := s.inTx(ctx, func(tx *tx) error {
		// One due is recorded as published first, at the version that
		// became public, before this changes it.
		if err := publishDuePublications(ctx, tx); err != nil {
			return err
		}
		old, err := findPublication(ctx, tx, p.Slug)
		if peel.ErrorCode(err) == peel.ENOTFOUND {
			old, err = nil, nil
		}
		if err != nil {
			return err
		}
		res.Outcome, err = storePublication(ctx, tx, p, old, "")
		return err
	})
	return res, err
}

// CreatePublication stores a new publication as a draft at version 1, as
// the user, who must be one who writes publications. One with its slug
// stored already is ECONFLICT.
func (s *Store) CreatePublication(ctx context.Context, u *peel.User, p *peel.Publication) (*peel.Publication, error) {
	ctx = actAs(ctx, u)
	if err := peel.AllowPublication(u, peel.ActionCreate, nil); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *tx) error {
		switch _, err := findPublication(ctx, tx, p.Slug); {
		case err == nil:
			return peel.Errorf(peel.ECONFLICT, "slug: there is a publication %s already", p.Slug)
		case peel.ErrorCode(err) != peel.ENOTFOUND:
			return err
		}
		_, err := storePublication(ctx, tx, p, nil, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// PublicationConflictError refuses a save made on a version of a
// publication that is no longer the stored one; Current is the publication
// as stored now. Its code is ECONFLICT.
type PublicationConflictError struct {
	Read    int
	Current *peel.Publication
}

func (e *PublicationConflictError) Error() string { return e.Unwrap().Error() }

func (e *PublicationConflictError) Unwrap() error {
	return peel.Errorf(peel.ECONFLICT, "%s was changed by someone else since it was read: it is at version %d, not %d; nothing was saved",
		e.Current.Path(), e.Current.Version, e.Read)
}

// SavePublication saves a publication's content, made on the version read,
// as the user: a save on a version no longer stored is refused with a
// *PublicationConflictError. The change of a public publication is a
// correction, and its note is shown in the public history. Its status and
// slug stay as stored. It returns the publication saved.
func (s *Store) SavePublication(ctx context.Context, u *peel.User, p *peel.Publication, read int, note string) (*peel.Publication, error) {
	ctx = actAs(ctx, u)
	err := s.inTx(ctx, func(tx *tx) error {
		if err := publishDuePublications(ctx, tx); err != nil {
			return err
		}
		old, err := findPublication(ctx, tx, p.Slug)
		if err != nil {
			return err
		}
		if err := peel.AllowPublication(u, peel.ActionEdit, old); err != nil {
			return err
		}
		if old.Version != read {
			return &PublicationConflictError{Read: read, Current: old}
		}
		_, err = storePublication(ctx, tx, p, old, strings.TrimSpace(note))
		return err
	})
	if ce := (*PublicationConflictError)(nil); errors.As(err, &ce) {
		return ce.Current, err
	}
	return p, err
}

// storePublication writes p, new when old is nil, else over old (whose
// status it keeps), as a new version with the note; content the same as
// old's changes nothing. It returns Created, Updated or Unchanged.
func storePublication(ctx context.Context, tx *tx, p, old *peel.Publication, note string) (string, error) {
	p.Status = peel.StatusDraft
	if old != nil {
		p.Status = old.Status
	}
	if err := p.Validate(); err != nil {
		return "", err
	}
	outcome := Created
	switch {
	case old == nil:
		var err error
		p.Version = 1
		p.ID, err = tx.insert(ctx, `INSERT INTO publications (slug, title, kind, status, version, created_at, updated_at) VALUES (?, ?, ?, 'draft', 1, ?, ?)`,
			p.Slug, p.Title, p.Kind, formatTime(tx.now), formatTime(tx.now))
		if err != nil {
			return "", err
		}
	case old.SameContent(p):
		*p = *old
		return Unchanged, nil
	default:
		outcome = Updated
		p.ID, p.PublishAt, p.PublishedAt, p.Withdrawn, p.Version = old.ID, old.PublishAt, old.PublishedAt, old.Withdrawn, old.Version+1
		// The row is taken only at the version read: a change made at
		// once on the same version waits for this one, then finds none.
		res, err := tx.exec(ctx, `UPDATE publications SET version = ? WHERE id = ? AND version = ?`, p.Version, p.ID, old.Version)
		if err != nil {
			return "", err
		}
		if n, err := res.RowsAffected(); err != nil {
			return "", err
		} else if n == 0 {
			current, err := findPublication(ctx, tx, p.Slug)
			if err != nil {
				return "", err
			}
			return "", &PublicationConflictError{Read: old.Version, Current: current}
		}
	}
	if err := writePublication(ctx, tx, p); err != nil {
		return "", err
	}
	if err := indexPublication(ctx, tx, p); err != nil {
		return "", err
	}
	doc, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	var actor any
	if a := Actor(ctx); a != "unknown" {
		actor = a
	}
	if _, err := tx.exec(ctx, `INSERT INTO publication_versions (publication_id, version, document, created_at, note, actor) VALUES (?, ?, ?, ?, ?, ?)`,
		p.ID, p.Version, string(doc), formatTime(tx.now), note, actor); err != nil {
		return "", err
	}
	var before any
	if old != nil {
		before = old
	}
	return outcome, tx.audit(ctx, "publication."+map[string]string{Created: "create", Updated: "update"}[outcome], p.Path(), before, p)
}

// FindPublicationVersions returns a publication's versions, newest first.
// With public, only those the public has seen, of a publication the public
// may see now (any other is not found): the version made public when it
// was published, and each correction since.
func (s *Store) FindPublicationVersions(ctx context.Context, slug string, public bool) ([]*peel.PublicationVersion, error) {
	var list []*peel.PublicationVersion
	err := s.readTx(ctx, func(tx *tx) error {
		p, err := findPublication(ctx, tx, slug)
		if err == nil && public && !p.Status.Public() {
			err = peel.Errorf(peel.ENOTFOUND, "no publication %q", slug)
		}
		if err != nil {
			return err
		}
		err = scanRows(ctx, tx, func(scan func(...any) error) error {
			v := &peel.PublicationVersion{Publication: &peel.Publication{}}
			var at nullTime
			var doc string
			if err := scan(&v.Number, &at, &v.Note, nullString{&v.Actor}, &doc); err != nil {
				return err
			}
			v.At = *at.t
			if err := json.Unmarshal([]byte(doc), v.Publication); err != nil {
				return fmt.Errorf("version %d of %s: %w", v.Number, p.Path(), err)
			}
			v.Publication.Version = v.Number
			list = append(list, v)
			return nil
		}, `SELECT version, created_at, note, actor, document FROM publication_versions WHERE publication_id = ? ORDER BY version DESC`, p.ID)
		if err != nil || !public {
			return err
		}
		// The public saw the version current when it was published, and
		// every one stored after; one due but not yet recorded as
		// published is at its current version.
		var from int
		if err := tx.queryRow(ctx, `SELECT COALESCE(published_version, version) FROM publications WHERE id = ?`, p.ID).Scan(&from); err != nil {
			return err
		}
		for i, v := range list {
			if v.Number < from {
				list = list[:i]
				break
			}
		}
		return nil
	})
	return list, err
}

// RecordOutcome records one organisation's outcome in a follow-up review,
// as the user, who must be one who writes publications, as ImportOutcomes
// does.
func (s *Store) RecordOutcome(ctx context.Context, u *peel.User, o *peel.Outcome) error {
	ctx = actAs(ctx, u)
	return s.inTx(ctx, func(tx *tx) error {
		p, err := findPublication(ctx, tx, o.Publication)
		if err != nil {
			return err
		}
		if err := peel.AllowPublication(u, peel.ActionOutcome, p); err != nil {
			return err
		}
		_, err = recordOutcomes(ctx, tx, []*peel.Outcome{o})
		return err
	})
}

// writePublication writes a stored publication's content: its row, the
// organisations it covers and its scale.
func writePublication(ctx context.Context, tx *tx, p *peel.Publication) error {
	body, err := json.Marshal(nonNil(p.Body))
	if err != nil {
		return err
	}
	links, err := json.Marshal(storedLinks(p.Links))
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE publications SET title = ?, kind = ?, published_on = ?, summary = ?, body = ?, links = ?, updated_at = ? WHERE id = ?`,
		p.Title, p.Kind, formatDate(p.Date), p.Summary, string(body), string(links), formatTime(tx.now), p.ID)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM publication_organisations WHERE publication_id = ?`, p.ID); err != nil {
		return err
	}
	var rows [][]any
	for i, slug := range p.Organisations {
		var id int64
		if err := tx.queryRow(ctx, `SELECT id FROM organisations WHERE slug = ?`, slug).Scan(&id); err != nil {
			if peel.ErrorCode(tx.dialect.mapError(err)) == peel.ENOTFOUND {
				return peel.Errorf(peel.EINVALID, "publication %s: organisations: no organisation %q", p.Slug, slug)
			}
			return err
		}
		rows = append(rows, []any{p.ID, id, i})
	}
	if err := insertRows(ctx, tx, `INSERT INTO publication_organisations (publication_id, organisation_id, position)`, rows, "", nil); err != nil {
		return err
	}
	// The scale's points are kept by slug, so that the outcomes on them
	// stay; a point no longer on the scale goes, unless an outcome is on it.
	keep := []string{}
	for i, g := range p.Scale {
		keep = append(keep, g.Slug)
		res, err := tx.exec(ctx, `UPDATE publication_scale SET label = ?, colour = ?, position = ? WHERE publication_id = ? AND slug = ?`, g.Label, g.Colour, i, p.ID, g.Slug)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			if _, err := tx.insert(ctx, `INSERT INTO publication_scale (publication_id, slug, label, colour, position) VALUES (?, ?, ?, ?, ?)`, p.ID, g.Slug, g.Label, g.Colour, i); err != nil {
				return err
			}
		}
	}
	var gone string
	var n int
	err = tx.queryRow(ctx, `
		SELECT MIN(g.slug), COUNT(*) FROM publication_scale g JOIN publication_outcomes x ON x.scale_id = g.id
		WHERE g.publication_id = ? AND g.slug NOT IN (`+placeholders(len(keep))+`)`, append([]any{p.ID}, anys(keep)...)...).Scan(&nullString{&gone}, &n)
	if err != nil {
		return err
	} else if n > 0 {
		return peel.Errorf(peel.ECONFLICT, "publication %s: scale: %q is the outcome of %d organisation(s) and cannot be taken off the scale", p.Slug, gone, n)
	}
	_, err = tx.exec(ctx, `DELETE FROM publication_scale WHERE publication_id = ? AND slug NOT IN (`+placeholders(len(keep))+`)`, append([]any{p.ID}, anys(keep)...)...)
	return err
}

// placeholders is n placeholders for an IN list; an empty list matches
// nothing, as NULL does.
func placeholders(n int) string {
	if n == 0 {
		return "NULL"
	}
	return "?" + strings.Repeat(", ?", n-1)
}

func anys[T any](list []T) []any {
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out
}

// nullString scans a text that may be NULL, as "".
type nullString struct{ s *string }

func (n nullString) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*n.s = ""
	case string:
		*n.s = v
	case []byte:
		*n.s = string(v)
	default:
		return fmt.Errorf("stored text: unexpected %T", v)
	}
	return nil
}

// storedLink is a link as the links column keeps it.
type storedLink struct {
	Title string `json:"title"`
	Href  string `json:"href,omitempty"`
}

func storedLinks(links []peel.Link) []storedLink {
	list := []storedLink{}
	for _, l := range links {
		list = append(list, storedLink(l))
	}
	return list
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// FindPublication returns a publication, in whatever status, or ENOTFOUND.
// A scheduled one whose time has come reads as published.
func (s *Store) FindPublication(ctx context.Context, slug string) (*peel.Publication, error) {
	var p *peel.Publication
	err := s.readTx(ctx, func(tx *tx) (err error) {
		p, err = findPublication(ctx, tx, slug)
		return err
	})
	return p, err
}

func findPublication(ctx context.Context, tx *tx, slug string) (*peel.Publication, error) {
	if slug == "" {
		return nil, peel.Errorf(peel.ENOTFOUND, "no publication %q", slug)
	}
	list, _, err := findPublications(ctx, tx, PublicationFilter{slug: slug})
	if err != nil {
		return nil, err
	} else if len(list) == 0 {
		return nil, peel.Errorf(peel.ENOTFOUND, "no publication %q", slug)
	}
	return list[0], nil
}

// FindPublications returns one page of the matching publications, newest
// first (by their own date, then the time they became public), and how many
// match in all.
func (s *Store) FindPublications(ctx context.Context, filter PublicationFilter) ([]*peel.Publication, int, error) {
	var list []*peel.Publication
	var total int
	err := s.readTx(ctx, func(tx *tx) (err error) {
		list, total, err = findPublications(ctx, tx, filter)
		return err
	})
	return list, total, err
}

func findPublications(ctx context.Context, tx *tx, filter PublicationFilter) ([]*peel.Publication, int, error) {
	conds, args := []string{"1 = 1"}, []any{}
	for _, c := range []struct {
		given bool
		cond  string
		value any
	}{
		{filter.slug != "", `p.slug = ?`, filter.slug},
		{filter.Kind != "", `p.kind = ?`, filter.Kind},
		{filter.Organisation != "", `EXISTS (SELECT 1 FROM organisations o WHERE o.slug = ? AND (
			EXISTS (SELECT 1 FROM publication_organisations po WHERE po.publication_id = p.id AND po.organisation_id = o.id)
			OR EXISTS (SELECT 1 FROM publication_outcomes x WHERE x.publication_id = p.id AND x.organisation_id = o.id)))`, filter.Organisation},
	} {
		if c.given {
			conds, args = append(conds, c.cond), append(args, c.value)
		}
	}
	if filter.Public {
		conds = append(conds, pubPublic)
	}
	where := strings.Join(conds, " AND ")
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM publications p WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	page := ""
	if filter.Limit > 0 {
		page, args = `LIMIT ? OFFSET ?`, append(args, filter.Limit, filter.Offset)
	}
	order := `p.published_on DESC NULLS LAST, CASE WHEN ` + pubDue + ` THEN p.publish_at ELSE p.published_at END DESC NULLS LAST, p.title, p.slug`
	if filter.Recent {
		order = `p.updated_at DESC, p.slug`
	}
	var list []*peel.Publication
	byID := map[int64]*peel.Publication{}
	err := scanRows(ctx, tx, func(scan func(...any) error) error {
		p := &peel.Publication{}
		var publish, published, updated nullTime
		var body, links string
		if err := scan(&p.ID, &p.Slug, &p.Title, &p.Kind, date{&p.Date}, &p.Summary, &body, &links, &p.Status, &publish, &published, &p.Withdrawn, &p.Version, &updated); err != nil {
			return err
		}
		if updated.t != nil {
			p.Updated = *updated.t
		}
		p.PublishAt, p.PublishedAt = publish.t, published.t
		var stored []storedLink
		if err := json.Unmarshal([]byte(body), &p.Body); err != nil {
			return fmt.Errorf("publication %s: body: %w", p.Slug, err)
		} else if err := json.Unmarshal([]byte(links), &stored); err != nil {
			return fmt.Errorf("publication %s: links: %w", p.Slug, err)
		}
		for _, l := range stored {
			p.Links = append(p.Links, peel.Link(l))
		}
		if len(p.Body) == 0 {
			p.Body = nil
		}
		list = append(list, p)
		byID[p.ID] = p
		return nil
	}, `
		SELECT `+publicationColumns+`
		FROM publications p
		WHERE `+where+`
		ORDER BY `+order+`
		`+page, args...)
	if err != nil || len(list) == 0 {
		return list, total, err
	}
	ids := make([]any, 0, len(list))
	for _, p := range list {
		ids = append(ids, p.ID)
	}
	err = scanRows(ctx, tx, func(scan func(...any) error) error {
		var id int64
		var slug string
		if err := scan(&id, &slug); err != nil {
			return err
		}
		byID[id].Organisations = append(byID[id].Organisations, slug)
		return nil
	}, `
		SELECT po.publication_id, o.slug FROM publication_organisations po JOIN organisations o ON o.id = po.organisation_id
		WHERE po.publication_id IN (`+placeholders(len(ids))+`) ORDER BY po.publication_id, po.position`, ids...)
	if err != nil {
		return nil, 0, err
	}
	err = scanRows(ctx, tx, func(scan func(...any) error) error {
		var id int64
		g := &peel.Grade{}
		if err := scan(&id, &g.ID, &g.Slug, &g.Label, &g.Colour); err != nil {
			return err
		}
		byID[id].Scale = append(byID[id].Scale, g)
		return nil
	}, `
		SELECT publication_id, id, slug, label, colour FROM publication_scale
		WHERE publication_id IN (`+placeholders(len(ids))+`) ORDER BY publication_id, position`, ids...)
	return list, total, err
}

// PublishPublication publishes a draft or scheduled publication now, or,
// with a time still to come by the database's clock, schedules it for then
// (a time gone by is now). It returns the publication as it then stands.
func (s *Store) PublishPublication(ctx context.Context, slug string, at *time.Time) (*peel.Publication, error) {
	return s.PublishPublicationAs(ctx, peel.Operator(), slug, at)
}

// PublishPublicationAs is PublishPublication as the user, whose role must
// be one that publishes, or schedules when a time is given
// (peel.AllowPublication).
func (s *Store) PublishPublicationAs(ctx context.Context, u *peel.User, slug string, at *time.Time) (*peel.Publication, error) {
	ctx = actAs(ctx, u)
	action := peel.ActionPublish
	if at != nil {
		action = peel.ActionSchedule
	}
	if err := peel.AllowPublication(u, action, nil); err != nil {
		return nil, err
	}
	var p *peel.Publication
	err := s.inTx(ctx, func(tx *tx) error {
		old, err := findPublication(ctx, tx, slug)
		if err != nil {
			return err
		} else if old.Status.Public() {
			return peel.Errorf(peel.ECONFLICT, "publication %s is %s already", slug, old.Status)
		}
		if at == nil {
			_, err = tx.exec(ctx, `UPDATE publications SET status = 'scheduled', publish_at = {{now}}, updated_at = {{now}} WHERE id = ?`, old.ID)
		} else {
			_, err = tx.exec(ctx, `UPDATE publications SET status = 'scheduled', publish_at = CASE WHEN ? > {{now}} THEN ? ELSE {{now}} END, updated_at = {{now}} WHERE id = ?`,
				formatTime(*at), formatTime(*at), old.ID)
		}
		if err != nil {
			return err
		}
		if err := publishDuePublications(ctx, tx); err != nil {
			return err
		}
		if p, err = findPublication(ctx, tx, slug); err != nil || p.Status != peel.StatusScheduled {
			return err // published now, as publishDuePublications recorded
		}
		return tx.audit(ctx, "publication.schedule", p.Path(), publicationState(old), publicationState(p))
	})
	return p, err
}

// WithdrawPublication withdraws a public publication: its pages stay, with
// a banner that gives the reason.
func (s *Store) WithdrawPublication(ctx context.Context, slug, reason string) (*peel.Publication, error) {
	return s.WithdrawPublicationAs(ctx, peel.Operator(), slug, reason)
}

// WithdrawPublicationAs is WithdrawPublication as the user, whose role
// must be one that withdraws (peel.AllowPublication).
func (s *Store) WithdrawPublicationAs(ctx context.Context, u *peel.User, slug, reason string) (*peel.Publication, error) {
	ctx = actAs(ctx, u)
	if err := peel.AllowPublication(u, peel.ActionWithdraw, nil); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, peel.Errorf(peel.EINVALID, "reason: withdrawing a publication needs a reason, which its page shows")
	}
	var p *peel.Publication
	err := s.inTx(ctx, func(tx *tx) error {
		if err := publishDuePublications(ctx, tx); err != nil {
			return err
		}
		old, err := findPublication(ctx, tx, slug)
		if err != nil {
			return err
		} else if old.Status != peel.StatusPublished {
			return peel.Errorf(peel.ECONFLICT, "publication %s is %s: only a published one can be withdrawn", slug, old.Status)
		}
		if _, err := tx.exec(ctx, `UPDATE publications SET status = 'withdrawn', withdrawn_reason = ?, withdrawn_at = {{now}}, updated_at = {{now}} WHERE id = ?`, reason, old.ID); err != nil {
			return err
		}
		if p, err = findPublication(ctx, tx, slug); err != nil {
			return err
		}
		return tx.audit(ctx, "publication.withdraw", p.Path(), publicationState(old), publicationState(p))
	})
	return p, err
}

func publicationState(p *peel.Publication) map[string]any {
	m := map[string]any{"status": p.Status}
	if p.PublishAt != nil {
		m["publishAt"] = p.PublishAt
	}
	if p.Withdrawn != "" {
		m["reason"] = p.Withdrawn
	}
	return m
}

// publishDuePublications records the publication of every scheduled
// publication whose time has come, as of that time, once, as publishDue
// does for assessments.
func publishDuePublications(ctx context.Context, tx *tx) error {
	type due struct {
		slug string
		at   nullTime
	}
	var list []due
	err := scanRows(ctx, tx, func(scan func(...any) error) error {
		var d due
		err := scan(&d.slug, &d.at)
		list = append(list, d)
		return err
	}, `
		UPDATE publications
		SET status = 'published', published_at = publish_at, publish_at = NULL, published_version = version, updated_at = {{now}}
		WHERE status = 'scheduled' AND publish_at <= {{now}}
		RETURNING slug, published_at`)
	if err != nil {
		return err
	}
	for _, d := range list {
		tx.changed = true
		if err := tx.audit(ctx, "publication.publish", peel.PublicationPath(d.slug), map[string]any{"status": peel.StatusScheduled},
			map[string]any{"status": peel.StatusPublished, "publishedAt": d.at.t}); err != nil {
			return err
		}
	}
	return nil
}

// ImportOutcomes records organisations' outcomes in follow-up reviews, all
// or nothing: each replaces what its review recorded for its organisation
// before. An outcome in error is refused with an *OutcomeError that says
// which.
func (s *Store) ImportOutcomes(ctx context.Context, outcomes []*peel.Outcome) (ImportResult, error) {
	var res ImportResult
	var counts map[string]int
	err := s.inTx(ctx, func(tx *tx) (err error) {
		counts, err = recordOutcomes(ctx, tx, outcomes)
		return err
	})
	res.Outcome = fmt.Sprintf("%d created, %d updated, %d unchanged", counts[Created], counts[Updated], counts[Unchanged])
	return res, err
}

// recordOutcomes records the outcomes, each replacing what its review
// recorded for its organisation before, and counts them by what became of
// each.
func recordOutcomes(ctx context.Context, tx *tx, outcomes []*peel.Outcome) (map[string]int, error) {
	counts := map[string]int{}
	pubs := map[string]*peel.Publication{}
	touched := map[string]bool{} // publications whose outcomes changed
	for i, o := range outcomes {
		fail := func(err error) error { return &OutcomeError{Index: i, Err: err} }
		p, ok := pubs[o.Publication]
		if !ok {
			var err error
			if p, err = findPublication(ctx, tx, o.Publication); peel.ErrorCode(err) == peel.ENOTFOUND {
				return counts, fail(peel.Errorf(peel.EINVALID, "publication: no publication %q", o.Publication))
			} else if err != nil {
				return counts, err
			}
			pubs[o.Publication] = p
		}
		if err := o.Validate(p); err != nil {
			return counts, fail(err)
		}
		var orgID int64
		if err := tx.queryRow(ctx, `SELECT id FROM organisations WHERE slug = ?`, o.Organisation).Scan(&orgID); err != nil {
			if peel.ErrorCode(tx.dialect.mapError(err)) == peel.ENOTFOUND {
				return counts, fail(peel.Errorf(peel.EINVALID, "organisation: no organisation %q", o.Organisation))
			}
			return counts, err
		}
		narrative, err := json.Marshal(o.Narrative)
		if err != nil {
			return counts, err
		}
		var before *peel.Outcome
		var oldGrade, oldNarrative string
		err = tx.queryRow(ctx, `
			SELECT g.slug, x.narrative FROM publication_outcomes x JOIN publication_scale g ON g.id = x.scale_id
			WHERE x.publication_id = ? AND x.organisation_id = ?`, p.ID, orgID).Scan(&oldGrade, &oldNarrative)
		switch code := peel.ErrorCode(tx.dialect.mapError(err)); {
		case code == peel.ENOTFOUND:
			_, err = tx.exec(ctx, `INSERT INTO publication_outcomes (publication_id, organisation_id, scale_id, narrative, updated_at) VALUES (?, ?, ?, ?, ?)`,
				p.ID, orgID, p.Grade(o.Grade).ID, string(narrative), formatTime(tx.now))
			counts[Created]++
		case err != nil:
			return counts, err
		case oldGrade == o.Grade && oldNarrative == string(narrative):
			counts[Unchanged]++
			continue
		default:
			before = &peel.Outcome{Publication: o.Publication, Organisation: o.Organisation, Grade: oldGrade}
			json.Unmarshal([]byte(oldNarrative), &before.Narrative)
			_, err = tx.exec(ctx, `UPDATE publication_outcomes SET scale_id = ?, narrative = ?, updated_at = ? WHERE publication_id = ? AND organisation_id = ?`,
				p.Grade(o.Grade).ID, string(narrative), formatTime(tx.now), p.ID, orgID)
			counts[Updated]++
		}
		if err != nil {
			return counts, err
		}
		var was any
		if before != nil {
			was = before
		}
		if err := tx.audit(ctx, "outcome.record", o.Path(), was, o); err != nil {
			return counts, err
		}
		touched[o.Publication] = true
	}
	for slug := range touched {
		if err := indexPublication(ctx, tx, pubs[slug]); err != nil {
			return counts, err
		}
	}
	return counts, nil
}

// OutcomeError refuses a list of outcomes for one of them: Index is its
// place in the list. Its code is its cause's.
type OutcomeError struct {
	Index int
	Err   error
}

func (e *OutcomeError) Error() string { return e.Err.Error() }
func (e *OutcomeError) Unwrap() error { return e.Err }

// FindOutcomes returns the matching outcomes, by publication, then
// organisation name.
func (s *Store) FindOutcomes(ctx context.Context, filter OutcomeFilter) ([]*peel.Outcome, error) {
	var list []*peel.Outcome
	err := s.readTx(ctx, func(tx *tx) (err error) {
		list, err = findOutcomes(ctx, tx, filter)
		return err
	})
	return list, err
}

func findOutcomes(ctx context.Context, tx *tx, filter OutcomeFilter) ([]*peel.Outcome, error) {
	conds, args := []string{"1 = 1"}, []any{}
	if filter.Publication != "" {
		conds, args = append(conds, `p.slug = ?`), append(args, filter.Publication)
	}
	if filter.Organisation != "" {
		conds, args = append(conds, `o.slug = ?`), append(args, filter.Organisation)
	}
	if filter.Public {
		conds = append(conds, pubPublic)
	}
	var list []*peel.Outcome
	err := scanRows(ctx, tx, func(scan func(...any) error) error {
		o := &peel.Outcome{}
		var narrative string
		if err := scan(&o.Publication, &o.Organisation, &o.Grade, &narrative); err != nil {
			return err
		}
		list = append(list, o)
		return json.Unmarshal([]byte(narrative), &o.Narrative)
	}, `
		SELECT p.slug, o.slug, g.slug, x.narrative
		FROM publication_outcomes x
		JOIN publications p ON p.id = x.publication_id
		JOIN organisations o ON o.id = x.organisation_id
		JOIN publication_scale g ON g.id = x.scale_id
		WHERE `+strings.Join(conds, " AND ")+`
		ORDER BY p.published_on DESC NULLS LAST, p.slug, o.name`, args...)
	return list, err
}

// ResolveLinks finds, for titles of links that have no address, the public
// page each names: a public publication by its title, or an organisation's
// outcome in a public review by "<review title> – <organisation name>".
// Titles are compared as a reader does (peel.Fold). Nothing unpublished is
// ever found. It returns each title found with its page's address.
func (s *Store) ResolveLinks(ctx context.Context, titles []string) (map[string]string, error) {
	found := map[string]string{}
	if len(titles) == 0 {
		return found, nil
	}
	want := map[string]string{} // folded → as given
	for _, t := range titles {
		want[peel.Fold(t)] = t
	}
	// Of two public pages with the same title, the newer wins.
	const published = `CASE WHEN ` + pubDue + ` THEN p.publish_at ELSE p.published_at END`
	err := s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			var slug, title string
			var org, orgName nullString
			var o, name string
			org.s, orgName.s = &o, &name
			if err := scan(&slug, &title, org, orgName); err != nil {
				return err
			}
			key, path := peel.Fold(title), peel.PublicationPath(slug)
			if o != "" {
				key, path = peel.Fold(peel.OutcomeTitle(title, name)), peel.OutcomePath(slug, o)
			}
			if t, ok := want[key]; ok {
				found[t] = path
			}
			return nil
		}, `
			SELECT slug, title, org, org_name FROM (
				SELECT p.slug, p.title, NULL AS org, NULL AS org_name, `+published+` AS published FROM publications p WHERE `+pubPublic+`
				UNION ALL
				SELECT p.slug, p.title, o.slug, o.name, `+published+`
				FROM publication_outcomes x
				JOIN publications p ON p.id = x.publication_id
				JOIN organisations o ON o.id = x.organisation_id
				WHERE `+pubPublic+`) found
			ORDER BY published, slug`)
	})
	return found, err
}

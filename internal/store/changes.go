package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/peel-oss/peel/internal/peel"
)

// ChangeKind is what sort of thing a change changed.
type ChangeKind string

// The kinds of change, in the order changes at the same time are listed.
const (
	ChangeAssessment     ChangeKind = "assessment"     // a version of an assessment became public
	ChangePublication    ChangeKind = "publication"    // a version of a publication became public
	ChangeRecommendation ChangeKind = "recommendation" // an entry in a force's history of a recommendation became public
	ChangeOutcome        ChangeKind = "outcome"        // an organisation's outcome in a public review changed
	ChangeWithdrawal     ChangeKind = "withdrawal"     // a public assessment or publication was withdrawn
)

// changeKinds numbers the kinds for the cursor and for sorting.
var changeKinds = []ChangeKind{ChangeAssessment, ChangePublication, ChangeRecommendation, ChangeOutcome, ChangeWithdrawal}

// Change is one change the public saw, and when.
type Change struct {
	Kind ChangeKind
	// An assessment's slugs.
	Framework, Pillar string
	// The assessment's or publication's version that became public.
	Version int
	// A publication's slug (of an outcome's review, of a withdrawn
	// publication).
	Publication string
	// A recommendation and its history's entry; Organisation is the
	// addressee's slug (and an assessment's organisation).
	Recommendation int64
	Entry          int64
	Organisation   string
	At             time.Time // when it became public
	Cursor         string    // where a list that ends with this change goes on from
}

// Path is the public address of what changed: the assessment, the
// publication or the recommendation.
func (c *Change) Path() string {
	switch {
	case c.Kind == ChangeRecommendation:
		return peel.RecommendationPath(c.Recommendation)
	case c.Kind == ChangeOutcome:
		return peel.OutcomePath(c.Publication, c.Organisation)
	case c.Publication != "":
		return peel.PublicationPath(c.Publication)
	}
	return peel.AssessmentPath(c.Framework, c.Organisation, c.Pillar)
}

// ChangesAfter is where a list of changes starts: after a time, or after a
// change, from its cursor. Changes at the same time are in the order of
// their kind, then of the thing changed, then of the version or entry.
type ChangesAfter struct {
	at   time.Time
	kind int // place in changeKinds
	id   int64
	seq  int64
}

// ChangesSince starts a list of changes after the time (to the
// millisecond, as times are stored).
func ChangesSince(t time.Time) ChangesAfter {
	// Every change at the time itself sorts before this one.
	return ChangesAfter{at: t.UTC().Truncate(time.Millisecond), kind: len(changeKinds)}
}

// ParseChangeCursor reads a change's Cursor, or says it is not one. A
// cursor from before changes had kinds ("time id version") is an
// assessment's.
func ParseChangeCursor(cursor string) (ChangesAfter, error) {
	var c ChangesAfter
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	fields := strings.Fields(string(raw))
	switch {
	case err != nil:
	case len(fields) == 3:
		fields = append(fields[:1], append([]string{"0"}, fields[1:]...)...)
		fallthrough
	case len(fields) == 4:
		c.at, err = time.Parse(time.RFC3339Nano, fields[0])
		var kind int64
		for i, v := range []*int64{&kind, &c.id, &c.seq} {
			if err == nil {
				*v, err = strconv.ParseInt(fields[i+1], 10, 64)
			}
		}
		c.kind = int(kind)
		if c.kind < 0 || c.kind >= len(changeKinds) {
			err = fmt.Errorf("no kind %d", c.kind)
		}
	default:
		err = fmt.Errorf("%d fields", len(fields))
	}
	if err != nil {
		return ChangesAfter{}, peel.Errorf(peel.EINVALID, "cursor: %q is not a cursor from a list of changes", cursor)
	}
	return c, nil
}

func (c ChangesAfter) String() string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s %d %d %d", formatTime(c.at), c.kind, c.id, c.seq))
}

// withdrawnPublication is the seq of a publication's withdrawal (an
// assessment's is 0).
const withdrawnPublication = 1

// The times things became public: an assessment a, a publication p (both
// as the database's clock has them, before the publisher records it), and
// a history entry h of a recommendation issued in one of them (when the
// entry was made, or when what issued the recommendation became public, if
// later).
const (
	assessmentPublicAt  = `CASE WHEN ` + due + ` THEN a.publish_at ELSE a.published_at END`
	publicationPublicAt = `CASE WHEN ` + pubDue + ` THEN p.publish_at ELSE p.published_at END`
	issuerPublicAt      = `CASE WHEN p.id IS NOT NULL THEN ` + publicationPublicAt + ` ELSE ` + assessmentPublicAt + ` END`
	entryPublicAt       = `CASE WHEN h.at > ` + issuerPublicAt + ` THEN h.at ELSE ` + issuerPublicAt + ` END`
)

// FindChanges returns, oldest first, at most limit changes that became
// public after the given point:
//   - each published version of an assessment, at the time it was stored,
//     which for a scheduled publication is its publication time (a
//     scheduled assessment due by the database's clock but not yet recorded
//     by the publisher is there too, as the version the publisher will
//     record at that time; one not yet due is not);
//   - each publication, when it became public, and each later version of
//     it (a correction), when it was stored;
//   - each entry in a force's history of a public recommendation;
//   - each organisation's outcome in a public review changed since the
//     review became public, at its last change;
//   - each withdrawal of an assessment or a publication.
func (s *Store) FindChanges(ctx context.Context, after ChangesAfter, limit int) ([]*Change, error) {
	var list []*Change
	at := formatTime(after.at)
	// The published versions, by far the most rows, are narrowed to those
	// from the time on inside their own list, so that the index on when
	// they were stored serves it; the condition on the whole is the exact
	// one.
	err := s.readTx(ctx, func(tx *tx) error {
		return scanRows(ctx, tx, func(scan func(...any) error) error {
			c := &Change{}
			var when nullTime
			var kind int
			var id, seq int64
			var a, b, d string
			if err := scan(&when, &kind, &id, &seq, &a, &b, &d); err != nil {
				return err
			}
			c.Kind, c.At = changeKinds[kind], when.t.UTC()
			switch c.Kind {
			case ChangeAssessment:
				c.Framework, c.Organisation, c.Pillar, c.Version = a, b, d, int(seq)
			case ChangePublication:
				c.Publication, c.Version = a, int(seq)
			case ChangeRecommendation:
				c.Recommendation, c.Entry, c.Organisation = id, seq, a
			case ChangeOutcome:
				c.Publication, c.Organisation = a, b
			case ChangeWithdrawal:
				if seq == withdrawnPublication {
					c.Publication = a
				} else {
					c.Framework, c.Organisation, c.Pillar = a, b, d
				}
			}
			c.Cursor = ChangesAfter{at: c.At, kind: kind, id: id, seq: seq}.String()
			list = append(list, c)
			return nil
		}, `
			SELECT c.changed_at, c.kind, c.id, c.seq, c.a, c.b, c.c FROM (
				SELECT v.created_at AS changed_at, 0 AS kind, a.id, v.version AS seq, f.slug AS a, o.slug AS b, pl.slug AS c
				FROM assessment_versions v
				JOIN assessments a ON a.id = v.assessment_id
				JOIN organisations o ON o.id = a.organisation_id
				JOIN pillars pl ON pl.id = a.pillar_id
				JOIN frameworks f ON f.id = pl.framework_id
				WHERE v.status = 'published' AND v.created_at >= ?
				UNION ALL
				SELECT a.publish_at, 0, a.id, a.version + 1, f.slug, o.slug, pl.slug
				FROM assessments a
				JOIN organisations o ON o.id = a.organisation_id
				JOIN pillars pl ON pl.id = a.pillar_id
				JOIN frameworks f ON f.id = pl.framework_id
				WHERE `+due+`
				UNION ALL
				SELECT `+publicationPublicAt+`, 1, p.id, COALESCE(p.published_version, p.version), p.slug, '', ''
				FROM publications p WHERE `+pubPublic+`
				UNION ALL
				SELECT v.created_at, 1, p.id, v.version, p.slug, '', ''
				FROM publication_versions v JOIN publications p ON p.id = v.publication_id
				WHERE `+pubPublic+` AND v.version > COALESCE(p.published_version, p.version)
				UNION ALL
				SELECT `+entryPublicAt+`, 2, h.recommendation_id, h.id, o.slug, '', ''
				FROM recommendation_history h
				JOIN organisations o ON o.id = h.organisation_id
				JOIN recommendations r ON r.id = h.recommendation_id
				LEFT JOIN publications p ON p.id = r.publication_id
				LEFT JOIN assessments a ON a.id = r.assessment_id
				WHERE (`+pubPublic+` OR `+isPublic+`)
				UNION ALL
				SELECT x.updated_at, 3, p.id, o.id, p.slug, o.slug, ''
				FROM publication_outcomes x
				JOIN publications p ON p.id = x.publication_id
				JOIN organisations o ON o.id = x.organisation_id
				WHERE `+pubPublic+` AND x.updated_at > `+publicationPublicAt+`
				UNION ALL
				SELECT a.withdrawn_at, 4, a.id, 0, f.slug, o.slug, pl.slug
				FROM assessments a
				JOIN organisations o ON o.id = a.organisation_id
				JOIN pillars pl ON pl.id = a.pillar_id
				JOIN frameworks f ON f.id = pl.framework_id
				WHERE a.status = 'withdrawn'
				UNION ALL
				SELECT p.withdrawn_at, 4, p.id, `+strconv.Itoa(withdrawnPublication)+`, p.slug, '', ''
				FROM publications p WHERE p.status = 'withdrawn'
			) c
			WHERE c.changed_at > ? OR (c.changed_at = ? AND (c.kind > ? OR (c.kind = ? AND (c.id > ? OR (c.id = ? AND c.seq > ?)))))
			ORDER BY c.changed_at, c.kind, c.id, c.seq
			LIMIT ?`, at, at, at, after.kind, after.kind, after.id, after.id, after.seq, limit)
	})
	return list, err
}

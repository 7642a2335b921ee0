package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/peel-oss/peel/internal/peel"
)

// FindVersions returns the page history of a public assessment: every
// version that was made public, newest first. A draft version, or one
// scheduled and not yet due, is never among them; an assessment the public
// may not see is not found.
func (s *Store) FindVersions(ctx context.Context, framework, organisation, pillar string) ([]*peel.Version, error) {
	var list []*peel.Version
	err := s.readTx(ctx, func(tx *tx) (err error) {
		list, err = findVersions(ctx, tx, framework, organisation, pillar)
		return err
	})
	return list, err
}

func findVersions(ctx context.Context, tx *tx, framework, organisation, pillar string) ([]*peel.Version, error) {
	a, err := findAssessment(ctx, tx, framework, organisation, pillar, false)
	if err == nil && !a.Status.Public() {
		err = peel.Errorf(peel.ENOTFOUND, "no assessment %s", a.Path())
	}
	if err != nil {
		return nil, err
	}
	var list []*peel.Version
	err = scanRows(ctx, tx, func(scan func(...any) error) error {
		v := &peel.Version{Assessment: &peel.Assessment{}}
		var at nullTime
		var note sql.NullString
		var doc string
		if err := scan(&v.Number, &at, &note, &doc); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(doc), v.Assessment); err != nil {
			return fmt.Errorf("version %d of %s: %w", v.Number, a.Path(), err)
		}
		v.PublicFrom, v.Note = *at.t, note.String
		list = append(list, v)
		return nil
	}, `
		SELECT version, created_at, note, document FROM assessment_versions
		WHERE assessment_id = ? AND status = 'published'
		ORDER BY version DESC`, a.ID)
	if err != nil {
		return nil, err
	}
	// A publication that is due but not yet recorded is public already
	// (see due): it is the newest version, as it will be recorded.
	if a.Version > latest(list) {
		if err := findNarrative(ctx, tx, a); err != nil {
			return nil, err
		}
		v := &peel.Version{Number: a.Version, PublicFrom: *a.PublishedAt, Assessment: a}
		list = append([]*peel.Version{v}, list...)
	}
	if len(list) > 0 {
		// The first public version became public when the assessment was
		// published, which for a page from the archive is before it was
		// stored here.
		first := list[len(list)-1]
		if p := first.Assessment.PublishedAt; p != nil && p.Before(first.PublicFrom) {
			first.PublicFrom = *p
		}
	}
	return list, nil
}

func latest(list []*peel.Version) int {
	if len(list) == 0 {
		return 0
	}
	return list[0].Number
}
